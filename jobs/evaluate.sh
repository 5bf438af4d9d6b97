#!/usr/bin/env bash
# Evaluates one fiscal year for every unit of the district; what an operator schedules.
#
#   jobs/evaluate.sh --year 2023 [--input DIR] [--warehouse DIR] [--conf FILE] [--set key=value]
#
# With SPARK_HOME set it submits through that installation's spark-submit (SPARK_MASTER, default
# local[*], and SPARK_SUBMIT_ARGS, e.g. "--deploy-mode client --executor-memory 4g", pass through).
# Without it, it runs org.apache.spark.deploy.SparkSubmit from the project's own classpath: the
# same code path with --master local[*] (or SPARK_MASTER). Builds the project first when needed.
# Exit codes: 0 done; 2 bad argument, configuration or delivery (nothing written);
# 3 too many rejected rows (cleaned tables and quarantine written, no scored table); 1 other failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLASS=cn.minhang.citymgmt.job.EvaluationJob
JAR="$ROOT/target/budget-performance.jar"
CLASSPATH_FILE="$ROOT/target/spark-classpath.txt"
export EVALUATION_HOME="$ROOT"

# Rebuild when the jar is missing or any source, resource or the pom is newer than it.
if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  echo "evaluate.sh: building the project (mvn package)..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi

LOG_CONF="-Dlog4j2.configurationFile=file:$ROOT/conf/log4j2.properties"
read -r -a EXTRA <<< "${SPARK_SUBMIT_ARGS:-}"

if [[ -n "${SPARK_HOME:-}" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" --class "$CLASS" --master "${SPARK_MASTER:-local[*]}" \
    --driver-java-options "-Devaluation.home=$ROOT $LOG_CONF" "${EXTRA[@]}" "$JAR" "$@"
fi

# Spark on Java 17 needs these opens; spark-submit's launcher adds them itself.
OPENS=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false)

exec java "${OPENS[@]}" -Xmx"${DRIVER_MEMORY:-4g}" -Devaluation.home="$ROOT" $LOG_CONF \
  -cp "$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit \
  --class "$CLASS" --master "${SPARK_MASTER:-local[*]}" "${EXTRA[@]}" "$JAR" "$@"
