#!/usr/bin/env bash
# Writes the deterministic sample delivery (all 14 sources, 14 units of 闵行区, 2022–2023).
# Usage: jobs/generate-sample-data.sh [--out DIR] [--seed N] [--scale N]
#   --out   output root (default sample-data, relative to the project root)
#   --seed  random seed (default 20231231); the same seed gives byte-identical files
#   --scale multiplies the volumes of waste trips, hotline cases and repair orders (default 1;
#           浦锦街道's seed-report figures hold exactly only at scale 1)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/classes/cn/minhang/citymgmt/sample/SampleDataGenerator.class ]; then
  mvn -q -B compile
fi
exec java -cp target/classes cn.minhang.citymgmt.sample.SampleDataGenerator "$@"
