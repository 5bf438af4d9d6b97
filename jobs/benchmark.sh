#!/usr/bin/env bash
# How the evaluation job scales, against the least Spark can do with the same files (issue #8).
#
#   jobs/benchmark.sh [--scales "1 4 16"]
#
# Scale S is S districts' worth of deliveries: 14 × S units (jobs/generate-sample-data.sh --units, kept
# in target/benchmark/data-<N>units and reused while the generator is unchanged). For each scale it runs,
# both through jobs/lib/submit.sh and timed wall-clock including the JVM start:
#   bare scan  cn.minhang.citymgmt.benchmark.BareScan: Spark's CSV reader, the job's Spark settings, one
#              action per source (row count + approximate distinct count of the first column);
#   job        jobs/evaluate.sh --year 2023 on a fresh warehouse, its driver logging GC (-Xlog:gc).
# Once per sitting it also runs cn.minhang.citymgmt.benchmark.CommitFloor: the job's writer creating, replacing and
# reading back as many Delta tables as a run writes, 100 rows each, which no record-level work can go below.
# It prints a markdown table (units, files, rows read from the job's closing line, both times, their
# ratio, job seconds per million rows read, peak driver heap in use before a GC) and the five slowest
# stages per scale, and writes them to target/benchmark/results-<timestamp>.md; logs (job, bare scan,
# GC, the job's stage lines) go to target/benchmark/run-<timestamp>/.
#
# Environment: DRIVER_MEMORY (default 4g for both runs), DRIVER_JAVA_OPTS (added to both drivers),
# SPARK_HOME, SPARK_MASTER, SPARK_SUBMIT_ARGS: as for jobs/evaluate.sh (see jobs/lib/submit.sh).
# Exit codes: 0 every run succeeded; 1 a run failed (the end of its log is shown); 2 bad argument.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/submit.sh"   # ROOT, JAR, build_if_stale, submit

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

SCALES="1 4 16"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scales) [[ $# -ge 2 ]] || { echo "benchmark: --scales needs a value, e.g. --scales \"1 4\"" >&2; exit 2; }
              SCALES="${2//,/ }"; shift 2 ;;
    --scales=*) SCALES="${1#--scales=}"; SCALES="${SCALES//,/ }"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "benchmark: unknown argument $1 (usage: jobs/benchmark.sh [--scales \"1 4 16\"])" >&2; exit 2 ;;
  esac
done
read -r -a SCALE_LIST <<< "$SCALES"
[[ ${#SCALE_LIST[@]} -gt 0 ]] || { echo "benchmark: --scales is empty" >&2; exit 2; }
for s in "${SCALE_LIST[@]}"; do
  [[ "$s" =~ ^[1-9][0-9]*$ ]] || { echo "benchmark: scale '$s' is not a positive whole number" >&2; exit 2; }
done

BENCH="$ROOT/target/benchmark"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN_DIR="$BENCH/run-$STAMP"
RESULTS="$BENCH/results-$STAMP.md"
mkdir -p "$RUN_DIR"
TMP_FILES=()
trap 'rm -f "${TMP_FILES[@]}"' EXIT

rel() { echo "${1#"$ROOT"/}"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { echo "benchmark: $*" >&2; }

# A failed step: say which, show its first error lines and the end of its log, stop with exit code 1.
fail() {
  local what="$1" log="$2" code="$3"
  say "$what failed (exit code $code); log: $(rel "$log")"
  if grep -qE 'error:|failed:|Exception' "$log"; then
    say "first error lines:"
    grep -m 5 -E 'error:|failed:|Exception' "$log" >&2 || true
  fi
  say "last lines:"
  tail -n 30 "$log" >&2 || true
  exit 1
}

# From a -Xlog:gc log ("GC(7) Pause Young (Normal) ... 1234M->567M(4096M) 8.1ms"), in MiB: the most heap in use
# before any GC pause, and the most still in use after a young, mixed or full collection (what the run kept).
heap_mib() {
  awk 'function mib(x,  u) { u = substr(x, length(x)); return u == "K" ? x / 1024 : u == "G" ? x * 1024 : x + 0 }
       match($0, /[0-9]+[KMG]->[0-9]+[KMG]\([0-9]+[KMG]\)/) {
         split(substr($0, RSTART, RLENGTH), p, /->|\(/)
         if (mib(p[1]) > before) before = mib(p[1])
         if (/Pause (Young|Full)/ && mib(p[2]) > after) after = mib(p[2]) }
       END { if (before > 0) printf "%.0f %.0f\n", before, after; else print "n/a n/a" }' "$1"
}

# The generated city for N units, regenerated only when missing, incomplete or from another generator.
ensure_data() {
  local n="$1" dir="$2" stamp start
  stamp="units=$n seed=default scale=1 generator=$(cat "$ROOT"/src/generator/java/cn/minhang/citymgmt/sample/*.java | cksum | cut -d' ' -f1)"
  if [[ -f "$dir/.complete" && "$(cat "$dir/.complete")" == "$stamp" ]]; then
    say "$n units: reusing $(rel "$dir")"
    return
  fi
  say "$n units: generating $(rel "$dir") ..."
  rm -rf "$dir" "$dir.partial"
  start="$(now)"
  local log="$RUN_DIR/generate-${n}units.log" code=0
  "$ROOT/jobs/generate-sample-data.sh" --out "$dir.partial" --units "$n" >"$log" 2>&1 || code=$?
  [[ $code -eq 0 ]] || fail "generating $n units" "$log" "$code"
  echo "$stamp" > "$dir.partial/.complete"
  mv "$dir.partial" "$dir"
  say "$n units: generated in $(since "$start") s"
}

# Fails when the jar changed during a timed run: its time would include a rebuild.
check_jar_unchanged() {
  if [[ "$JAR" -nt "$RUN_DIR/.jar-built" ]]; then
    say "the jar was rebuilt during the $1 (sources changed while benchmarking); its time is not comparable, rerun"
    exit 1
  fi
}

cd "$ROOT"
build_if_stale benchmark.sh
touch "$RUN_DIR/.jar-built"

# The floor no record changes: as many Delta tables as a run writes, created, replaced and read back, empty of records.
floor_log="$RUN_DIR/commit-floor.log"
floor_warehouse="$BENCH/warehouse-commit-floor"
rm -rf "$floor_warehouse"
say "commit floor (CommitFloor: every table of a run, 100 rows each) ..."
start="$(now)"; code=0
( submit cn.minhang.citymgmt.benchmark.CommitFloor commit-floor 4g --warehouse "$floor_warehouse" ) >"$floor_log" 2>&1 || code=$?
floor_s="$(since "$start")"
[[ $code -eq 0 ]] || fail "commit floor" "$floor_log" "$code"
check_jar_unchanged "commit floor"
rm -rf "$floor_warehouse"
FLOOR="$(awk '$1 == "commit-floor" && $2 != "Spark" { $1 = ""; sub(/^ /, ""); print "- " $0 }' "$floor_log")"
say "commit floor: $floor_s s"

TABLE="| units | files | rows read | bare scan s | job s | job / bare | job s per M rows | job peak heap MiB | job heap after GC MiB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
STAGES=""
for s in "${SCALE_LIST[@]}"; do
  n=$((14 * s))
  data="$BENCH/data-${n}units"
  ensure_data "$n" "$data"
  files="$(find "$data" -type f \( -name '*.csv' -o -name '*.csv.gz' \) | wc -l | tr -d ' ')"

  # Bare scan. submit execs, hence the subshell.
  bare_log="$RUN_DIR/bare-${n}units.log"
  say "$n units: bare scan ..."
  start="$(now)"; code=0
  ( submit cn.minhang.citymgmt.benchmark.BareScan bare-scan 4g --input "$data" ) >"$bare_log" 2>&1 || code=$?
  bare_s="$(since "$start")"
  [[ $code -eq 0 ]] || fail "bare scan of $n units" "$bare_log" "$code"
  check_jar_unchanged "bare scan"
  read -r bare_files bare_rows < <(awk '$1 == "bare-scan" && $2 == "TOTAL" { print $3, $5 }' "$bare_log") || true
  [[ -n "${bare_rows:-}" ]] || fail "bare scan of $n units (no TOTAL line)" "$bare_log" 0
  say "$n units: bare scan $bare_s s ($bare_rows rows in $bare_files files)"

  # The job, on a fresh warehouse, with a GC log of its driver (a temporary file: -Xlog paths take no spaces).
  job_log="$RUN_DIR/job-${n}units.log"
  gc_tmp="$(mktemp "${TMPDIR:-/tmp}/benchmark-gc.XXXXXX")"; TMP_FILES+=("$gc_tmp")
  warehouse="$BENCH/warehouse-${n}units"
  rm -rf "$warehouse"
  say "$n units: job (jobs/evaluate.sh --year 2023) ..."
  start="$(now)"; code=0
  # The generated city holds made-up callers only: the public sample key is allowed on it. (A comment between the
  # lines of one command ends it: the GC option was once set in the shell only, and every heap figure was n/a.)
  DRIVER_JAVA_OPTS="${DRIVER_JAVA_OPTS:-} -Xlog:gc:file=$gc_tmp" \
    "$ROOT/jobs/evaluate.sh" --year 2023 --input "$data" --warehouse "$warehouse" --allow-sample-key >"$job_log" 2>&1 || code=$?
  job_s="$(since "$start")"
  cp "$gc_tmp" "$RUN_DIR/gc-${n}units.log"
  [[ $code -eq 0 ]] || fail "job on $n units (warehouse kept in $(rel "$warehouse"))" "$job_log" "$code"
  check_jar_unchanged "job"
  rm -rf "$warehouse"

  # Rows read: the last line with "<N> rows read" that is not a stage line (those end in "(N.N s)").
  rows="$(grep -E '[0-9]+ rows read' "$job_log" | grep -vE '\([0-9]+\.[0-9]+ s\)$' | tail -n 1 \
          | grep -oE '[0-9]+ rows read' | grep -oE '^[0-9]+' || true)"
  [[ -n "$rows" ]] || fail "job on $n units (no closing line with 'N rows read')" "$job_log" 0
  [[ "$rows" == "$bare_rows" ]] || say "warning: $n units: the job read $rows rows, the bare scan counted $bare_rows"
  [[ "$files" == "$bare_files" ]] || say "warning: $n units: $files files on disk, the bare scan read $bare_files"
  read -r heap heap_after < <(heap_mib "$RUN_DIR/gc-${n}units.log") || true
  ratio="$(awk -v j="$job_s" -v b="$bare_s" 'BEGIN { printf "%.1f", j / b }')"
  per_m="$(awk -v j="$job_s" -v r="$rows" 'BEGIN { printf "%.1f", (r > 0 ? j / (r / 1e6) : 0) }')"
  say "$n units: job $job_s s ($rows rows read, peak heap $heap MiB, $heap_after MiB after GC)"
  TABLE+=$'\n'"| $n | $files | $rows | $bare_s | $job_s | $ratio | $per_m | $heap | $heap_after |"

  # The job's stage lines ("read …" / "write …" ending in "(N.N s)"), and the five slowest.
  stage_log="$RUN_DIR/stages-${n}units.log"
  grep -E '(read|write) .*\([0-9]+\.[0-9]+ s\)$' "$job_log" | sed -E 's/^[^[]*\[[^]]*\] //' > "$stage_log" || true
  slowest="$(awk 'match($0, /\([0-9]+\.[0-9]+ s\)$/) {
                  t = substr($0, RSTART + 1, RLENGTH - 4); m = substr($0, 1, RSTART - 1); gsub(/  +/, " ", m); sub(/ $/, "", m)
                  printf "%s\t- %6.1f s  %s\n", t, t, m }' "$stage_log" | sort -t$'\t' -k1,1 -rn | cut -f2- | sed -n 1,5p)" || true
  STAGES+=$'\n'"Five slowest stages, $n units (all in $(rel "$stage_log")):"$'\n'"${slowest:-(no stage lines found)}"$'\n'
done

{
  echo "# Benchmark $STAMP"
  echo
  echo "Machine: $(nproc 2>/dev/null || echo '?') cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '? GiB'),"\
       "$(java -version 2>&1 | head -n 1); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown) (the working tree may differ);"\
       "driver memory ${DRIVER_MEMORY:-4g}, master ${SPARK_MASTER:-local[*]}${SPARK_HOME:+, submitted through SPARK_HOME}."
  echo "Times are wall-clock seconds including the JVM start; rows read is the job's closing line; peak heap is the most"
  echo "heap the job's driver had in use before a GC pause (the collector lets it grow towards the driver memory first),"
  echo "heap after GC the most still in use after a young, mixed or full collection (-Xlog:gc). Logs: $(rel "$RUN_DIR")/."
  echo
  echo "$TABLE"
  echo
  echo "Commit floor, $floor_s s with the JVM (CommitFloor: the run's tables with 100 rows each, no records read):"
  echo "$FLOOR"
  echo "$STAGES"
} > "$RESULTS"
echo
cat "$RESULTS"
say "results written to $(rel "$RESULTS")"
