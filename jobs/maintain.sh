#!/usr/bin/env bash
# Table maintenance: compacts every published year (OPTIMIZE, under the year's lock, then republished
# with the same rows) and vacuums every table of the warehouse, keeping every publication of the last
# maintenance.retention_days days and the latest publication of every year readable.
#
#   jobs/maintain.sh [--warehouse DIR] [--retention-days N] [--conf FILE] [--dry-run]
#
# Prints per table the files and bytes before and after, the years compacted or skipped (a run holds
# the year's lock) and the tables held (a year with an unpublished write: not vacuumed).
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 done (holds and skipped years included); 2 bad argument or configuration, missing
# warehouse; 1 other failure (a table that could not be maintained; the others were).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.app.MaintainCommand maintain.sh 2g "$@"
