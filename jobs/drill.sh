#!/usr/bin/env bash
# The fault drill: kill -9 a rerun of the year at several points, and check that readers keep the
# previous publication after each kill and that the next run repairs everything (EvaluateScriptIT),
# then the rest of the fault suite: executor loss on a standalone cluster, an unwritable warehouse,
# same-year exclusion, a delivery changed while read and the corpus of malformed deliveries.
#
#   jobs/drill.sh [--kill-after "write units,write quarantine,write indicator_scores,write reconciliation"]
#
# CI runs the same tests with one kill point; this runs them with every point given (each a log line
# of the run; kill points must come before the "publish" line).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
points="read units,write units,write quarantine,write indicator_scores,write reconciliation"
if [[ "${1:-}" == "--kill-after" ]]; then
  points="${2:?--kill-after needs a comma-separated list of log lines}"
elif [[ $# -gt 0 ]]; then
  echo "usage: jobs/drill.sh [--kill-after \"stage,stage,...\"]" >&2
  exit 2
fi
exec mvn -B verify -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dtest='EvaluationJobTest,MalformedDeliveryTest,YearLockTest,PublicationTest,ChangedSinceListingTest' \
  -Dit.test='EvaluateScriptIT,StandaloneClusterIT' -Ddrill.kill_after="$points"
