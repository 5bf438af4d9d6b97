#!/usr/bin/env bash
# Writes the official forms of one fiscal year as Excel workbooks, from the year's published tables.
#
#   jobs/forms.sh [--warehouse DIR] [--year YYYY]
#
# Output: <warehouse>/reports/forms/<year>/: one 部门整体支出绩效自评表 per unit (<unit_id>-<short name>.xlsx)
# and 区汇总-<year>.xlsx (league table, indicator scores, budget execution, self-report mismatches). The
# year's folder is replaced as a whole. --year defaults to the latest year evaluated. A successful
# jobs/evaluate.sh writes the same forms itself unless forms.write=false.
#
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 written (the folder is printed); 2 bad argument, missing warehouse or year; 1 other failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.app.FormsCommand forms.sh 2g "$@"
