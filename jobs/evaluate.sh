#!/usr/bin/env bash
# Evaluates one fiscal year for every unit of the district; what an operator schedules.
#
#   jobs/evaluate.sh --year 2023 [--input DIR] [--warehouse DIR] [--conf FILE] [--set key=value]
#
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 done; 2 bad argument, configuration or delivery (nothing written);
# 3 too many rejected rows (cleaned tables and quarantine written, no scored table); 1 other failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.job.EvaluationJob evaluate.sh 4g "$@"
