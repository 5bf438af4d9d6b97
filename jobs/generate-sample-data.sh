#!/usr/bin/env bash
# Writes the deterministic sample delivery (all 14 sources, 14 units of 闵行区, 2022–2023).
# Usage: jobs/generate-sample-data.sh [--out DIR] [--seed N] [--scale N] [--units N]
#   --out   output root (default sample-data, relative to the project root)
#   --seed  random seed (default 20231231); the same arguments give byte-identical files
#   --scale multiplies the volumes of waste trips, hotline cases and repair orders (default 1;
#           浦锦街道's seed-report figures hold exactly only at scale 1)
#   --units number of units, at least 14 (default 14: the district, as committed in sample-data/).
#           More make a city for benchmarks: the 14 units again, round-robin, under their own ids and
#           names (MH-PJ-02 浦锦街道(2), MH-JCL-02 …, then MH-PJ-03 …), each with its own random data
#           and the volumes of its original, e.g. --units 224 is 16 districts' worth of records.
set -euo pipefail
cd "$(dirname "$0")/.."
# The generator lives in its own source set (src/generator/java), compiled with the tests and kept out of the
# application jar; it reads the CSV headers from the job's source definitions, hence the job's classes and Spark's.
CLASS=target/test-classes/cn/minhang/citymgmt/sample/SampleDataGenerator.class
CP=target/generator-classpath.txt
if [[ ! -f "$CLASS" || ! -f "$CP" || -n "$(find src/generator/java src/main/java/cn/minhang/citymgmt/sources -newer "$CLASS" -print -quit)" ]]; then
  mvn -q -B test-compile
fi
exec java -cp "target/test-classes:target/classes:$(cat "$CP")" cn.minhang.citymgmt.sample.SampleDataGenerator "$@"
