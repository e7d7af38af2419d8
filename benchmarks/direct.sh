#!/usr/bin/env bash
# Direct-style rows (Java 21+): direct_switch, direct_spawn_gather (ops/s) and direct_idle_tasks (bytes/task),
# the chain-style switch/spawn_gather/idle_tasks programs written with await. Run by run.sh after the main table
# (expects benchmarks/target built); writes benchmarks/results/latest-direct.json, one JSON line per workload.
#   benchmarks/direct.sh [--quick]      DIRECT_JAVA=/path/to/java21+ picks the JDK (else the first one found)
set -euo pipefail
cd "$(dirname "$0")/.."
feature() { "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9][0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//'; }
java=""
for j in ${DIRECT_JAVA:-} ${JAVA_HOME:+$JAVA_HOME/bin/java} "$(command -v java || true)" /usr/lib/jvm/*/bin/java; do
  [ -x "$j" ] || continue
  f=$(feature "$j"); if [ -n "$f" ] && [ "$f" -ge 21 ]; then java=$j; break; fi
done
out=benchmarks/results/latest-direct.json
if [ -z "$java" ]; then
  echo "direct-style benchmarks: no JDK 21+ found (set DIRECT_JAVA)" >&2
  exit 0
fi
n=1000000; spawn=1000000; idle=100000
if [ "${1:-}" = "--quick" ]; then n=100000; spawn=100000; idle=20000; fi
echo "direct-style benchmarks on $java" >&2
"$java" -Xms1g -Xmx3g -XX:+UseParallelGC -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
  io.asyncio4j.bench.Bench asyncio4j-direct \
  "direct_switch:$n,direct_spawn_gather:$spawn,direct_idle_tasks:$idle" "$n" 3 | tee "$out"
