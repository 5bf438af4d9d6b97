#!/usr/bin/env bash
# Runs one Spark SQL query over the warehouse: every table folder is a view named after it.
#
#   jobs/query.sh [--warehouse DIR] [--csv] [--year YYYY] [--limit N] "SELECT …"
#   jobs/query.sh [--warehouse DIR] [--csv] [--year YYYY] [--limit N] --file sql/league-table.sql
#
# ${year} in the query is replaced by --year (default: the latest fiscal year evaluated). Prints an
# aligned table (or RFC 4180 CSV with --csv) of at most --limit rows (default 1000).
# Submission: see jobs/lib/submit.sh (SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS, DRIVER_MEMORY).
# Exit codes: 0 done; 2 bad argument, missing warehouse or file, bad SQL; 1 other failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"
submit cn.minhang.citymgmt.app.QueryCommand query.sh 2g "$@"
