#!/usr/bin/env bash
# What each Redis key around one live verification costs (issue 27): starts the stack of benchmarks/run.sh (LIMITS
# defaults to shipped here: the limits' keys are written whatever their numbers), runs benchmarks/memory-keys.py, writes
# $OUT/memory.md (default benchmarks/results/latest/) and stops everything it started by pid.
#
#   bash benchmarks/memory.sh                  # 2000 sends
#   COUNT=20000 LIMITS=max bash benchmarks/memory.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=${COUNT:-2000}
OUT=${OUT:-$ROOT/benchmarks/results/latest}
LIMITS=${LIMITS:-shipped}
MAX_ATTEMPTS=10
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)" >&2; exit 2; }
source "$ROOT/benchmarks/stack.sh"
start_stack
mkdir -p "$OUT"
{
  echo "### Redis memory per live verification, by key ($(redis-server --version | awk '{print $3}' | sed 's/^v=//'), LIMITS=$LIMITS)"
  echo
  SECUREOTP_API_KEY="$KEY" python3 "$ROOT/benchmarks/memory-keys.py" --url-port "$API_PORT" --redis-port "$REDIS_PORT" --count "$COUNT"
} >"$OUT/memory.md"
cat "$OUT/memory.md"
