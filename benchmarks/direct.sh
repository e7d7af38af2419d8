#!/usr/bin/env bash
# Direct-style rows (Java 21+): direct_switch, direct_spawn_gather (ops/s, and their server-shaped _io rows) and
# direct_idle_tasks (bytes/task), the chain-style switch/spawn_gather/idle_tasks programs written with await. Run by
# run_all.py (HOOKS) after the echo rows (expects benchmarks/target built); writes
# benchmarks/results/latest-direct.json, one JSON line per workload.
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
# The N of run_all.py's switch / spawn_gather / idle_tasks rows, which these rows are compared with (same N on
# every side, benchmarks/README.md); the JVM without flags, one JVM per workload, as run_all.py runs them.
n=500000; spawn=200000; idle=100000
if [ "${1:-}" = "--quick" ]; then n=25000; spawn=10000; idle=5000; fi
echo "direct-style benchmarks on $java" >&2
: > "$out"
for spec in "direct_switch:$n" "direct_switch_io:$n" "direct_spawn_gather:$spawn" "direct_spawn_gather_io:$spawn" \
    "direct_idle_tasks:$idle"; do
  "$java" -cp "benchmarks/target/classes:benchmarks/target/lib/*" \
    io.asyncio4j.bench.Bench asyncio4j-direct "$spec" 0 3 | tee -a "$out"
done
