# Shared by the job scripts: build when needed, then run a main class through spark-submit.
# Usage (after sourcing): submit CLASS SCRIPT_NAME DEFAULT_DRIVER_MEMORY [arguments...]
#                         build_if_stale SCRIPT_NAME   (only the build, as submit does it first)
#
# With SPARK_HOME set it uses that installation's spark-submit (SPARK_MASTER, default local[*], and
# SPARK_SUBMIT_ARGS pass through). Without it, it runs org.apache.spark.deploy.SparkSubmit from the
# project's own classpath — the same submission code path — with the Java 17 opens that
# spark-submit's launcher would add. DRIVER_MEMORY overrides the default driver heap;
# DRIVER_JAVA_OPTS adds JVM options to the driver (split on whitespace), e.g. -Xlog:gc:file=gc.log.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/target/budget-performance.jar"
CLASSPATH_FILE="$ROOT/target/spark-classpath.txt"
export EVALUATION_HOME="$ROOT"

# Rebuild when the jar is missing or any source, resource or the pom is newer than it.
build_if_stale() {
  local name="$1"
  if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "$name: building the project (mvn package)..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
  fi
}

submit() {
  local class="$1" name="$2" memory="${DRIVER_MEMORY:-$3}"
  shift 3
  build_if_stale "$name"
  local log_conf="-Dlog4j2.configurationFile=file:$ROOT/conf/log4j2.properties"
  local extra=() driver_opts=()
  read -r -a extra <<< "${SPARK_SUBMIT_ARGS:-}"
  read -r -a driver_opts <<< "${DRIVER_JAVA_OPTS:-}"
  # The throughput collector: a run is a batch, and on two cores G1's concurrent work cost about 8 s of a
  # district year (docs/benchmarks.md). DRIVER_JAVA_OPTS may choose another collector instead.
  [[ " ${driver_opts[*]} " == *" -XX:+Use"*"GC "* ]] || driver_opts=(-XX:+UseParallelGC "${driver_opts[@]}")

  if [[ -n "${SPARK_HOME:-}" ]]; then
    exec "$SPARK_HOME/bin/spark-submit" --class "$class" --name "budget-performance-${name%.sh}" --master "${SPARK_MASTER:-local[*]}" \
      --driver-memory "$memory" --driver-java-options "-Devaluation.home=$ROOT $log_conf ${driver_opts[*]}" \
      "${extra[@]}" "$JAR" "$@"
  fi

  local opens=(-XX:+IgnoreUnrecognizedVMOptions
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
    --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
    -Djdk.reflect.useDirectMethodHandle=false)
  exec java "${opens[@]}" -Xmx"$memory" -Devaluation.home="$ROOT" "$log_conf" "${driver_opts[@]}" \
    -cp "$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit \
    --class "$class" --name "budget-performance-${name%.sh}" --master "${SPARK_MASTER:-local[*]}" "${extra[@]}" "$JAR" "$@"
}
