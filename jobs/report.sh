#!/usr/bin/env bash
# Writes the offline HTML district report of one fiscal year (one self-contained file).
#
#   jobs/report.sh [--warehouse DIR] [--year YYYY]
#
# Output: <warehouse>/reports/district-report-<year>.html (ECharts, data and styles inlined: it opens
# from disk or an e-mail attachment without any network). --year defaults to the latest year evaluated.
#
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 written (its path is printed); 2 bad argument or missing warehouse; 1 other failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.app.ReportCommand report.sh 2g "$@"
