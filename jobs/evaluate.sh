#!/usr/bin/env bash
# Evaluates one fiscal year for every unit of the district; what an operator schedules.
#
#   jobs/evaluate.sh --year 2023 [--input DIR] [--warehouse DIR] [--conf FILE] [--set key=value]
#   jobs/evaluate.sh --year 2023 --as-of 2023-07-31 ...   mid-year monitoring (双监控): the monitoring_* tables only
#
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 done; 2 bad argument, configuration or delivery (nothing written);
# 3 too many rejected rows (cleaned tables and quarantine written, no scored table; an --as-of run writes
# nothing); 1 other failure. An --as-of date outside the year or not yyyy-MM-dd is exit 2.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.app.EvaluateCommand evaluate.sh 4g "$@"
