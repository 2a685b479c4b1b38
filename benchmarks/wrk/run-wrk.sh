#!/usr/bin/env bash
# The wrk scripts against a service started as benchmarks/run.sh starts it: builds Release, starts redis-server, the
# fake Vonage server and the service on free loopback ports (same settings as run.sh), creates the verification pool,
# runs wrk with each script in turn (baseline first), and stops everything it started by pid.
#
#   bash benchmarks/wrk/run-wrk.sh                          # 2 threads, 32 connections, 10 s per script
#   DURATION=3 POOL=2000 bash benchmarks/wrk/run-wrk.sh     # also: THREADS CONNECTIONS SCRIPTS
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10}
POOL=${POOL:-4000}
SCRIPTS=${SCRIPTS:-baseline verify-wrong baseline send}
MAX_ATTEMPTS=10

for tool in wrk redis-server curl openssl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is not on PATH (apt-get install -y wrk redis-server curl openssl python3)" >&2; exit 2; }
done

# Build, start redis-server + fake Vonage + service on free loopback ports; the EXIT trap stops them by pid.
source "$ROOT/benchmarks/stack.sh"
start_stack

export SECUREOTP_API_KEY="$KEY"
echo "== verification pool: $POOL sends ($MAX_ATTEMPTS wrong codes each before 410)"
python3 "$HERE/prepare-verifications.py" --url "http://127.0.0.1:$API_PORT" --count "$POOL" --out "$WORK/pool.txt"

for script in $SCRIPTS; do
  echo
  echo "== $script: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (load average $(cut -d' ' -f1 /proc/loadavg))"
  args=()
  [ "$script" = verify-wrong ] && args=(-- "$WORK/pool.txt")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$HERE/$script.lua" "http://127.0.0.1:$API_PORT" "${args[@]}"
done
