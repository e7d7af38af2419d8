#!/usr/bin/env bash
# Runs every benchmark workload on every implementation, side by side, and writes benchmarks/results/latest.md
# (tables + ratios), latest.json (medians + meta), latest-details.json, latest.png, and the README's summary table.
# Method and how long a run takes: benchmarks/README.md.
#   benchmarks/run.sh            full run
#   benchmarks/run.sh --quick    smoke run, < 2 min (also BENCH_QUICK=1)
#   benchmarks/run.sh --tuned    adds a labelled "tuned" JVM column (also BENCH_TUNED=1)
# Setup it does itself: builds the reactor (offline, tests skipped), compiles the C echo server and load
# generator with gcc, and installs Debian's python3-uvloop with apt-get when missing (says so if it cannot).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q package -pl benchmarks -am -DskipTests
mkdir -p benchmarks/target/bin
gcc -O2 -o benchmarks/target/bin/echo_epoll benchmarks/c/echo_epoll.c
gcc -O2 -o benchmarks/target/bin/loadgen benchmarks/c/loadgen.c
if ! /usr/bin/python3 -c 'import uvloop' 2>/dev/null; then
  echo "python3-uvloop missing: apt-get update && apt-get install -y python3-uvloop" >&2
  if ! { apt-get update -qq && apt-get install -y -qq python3-uvloop; } >&2; then
    echo "could not install python3-uvloop: the uvloop column will say n/a" >&2
  fi
fi
exec /usr/bin/python3 benchmarks/python/run_all.py "$@"
