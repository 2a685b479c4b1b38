#!/usr/bin/env bash
# One command for the load table: builds Release, starts redis-server, the fake Vonage server and the service on free
# loopback ports, runs the load scenarios (baseline first, ratios against it), measures Redis memory per verification,
# stops everything it started by pid, and prints the markdown table.
#
#   bash benchmarks/run.sh                      # 64 connections; 3 rounds of (baseline, scenario), 2 s warm-up + 5 s each
#   CONNECTIONS=32 DURATION=20 bash benchmarks/run.sh
#   RATE=2000 bash benchmarks/run.sh            # open loop: 2000 arrivals/s per scenario
#   OUT=/tmp/load bash benchmarks/run.sh        # where results.json / results.md / latency.svg go
#   MIX=verify-wrong=1,send=1 SCENARIOS=mixed bash benchmarks/run.sh
#   SOAK_MINUTES=10 bash benchmarks/run.sh      # soak: one long slice of $SCENARIOS (default mixed) at RATE (default 500/s)
#                                               # while the service's RSS is sampled every SOAK_SAMPLE (10) s; adds rss.svg
#   MEMORY_CODES=20000 bash benchmarks/run.sh   # live codes for the Redis memory figure (default 100000; 0 skips it)
#   FLOOR=0 bash benchmarks/run.sh             # without the floor (benchmarks/SecureOtp.Floor) beside the service
#   SERVICE_ENV="Logging__LogLevel__SecureOtp=Warning" bash benchmarks/run.sh   # extra service settings, for experiments
#   LIMITS=shipped bash benchmarks/run.sh       # limit settings: max (default), shipped or defaults (benchmarks/stack.sh)
#   WRK=0 bash benchmarks/run.sh                # without the wrk comparison with the floor (benchmarks/wrk/compare.sh;
#                                               # WRK_SCENARIOS WRK_ROUNDS WRK_CONNECTIONS WRK_DURATION WRK_POOL WRK_RIGHT)
#   LOAD=0 MEMORY_CODES=0 bash benchmarks/run.sh   # wrk against the floor only (installs Debian's wrk if missing)
#   OTLP=1 LOAD=0 MEMORY_CODES=0 bash benchmarks/run.sh   # + a second service exporting over OTLP to a collector stub
#                                               # (benchmarks/otlp-stub.py): a third side in every wrk round and its table
#   OTLP=1 OTLP_SAMPLED=1 ...                   # + one more exporting with 10 % head sampling of traces (side "otlp10")
#   BASE_DIR=/tmp/old/src/SecureOtp.Api/bin/Release/net10.0 LOAD=0 MEMORY_CODES=0 bash benchmarks/run.sh
#                                               # + an earlier build as the wrk side "base" (before/after in the same rounds)
#   PGO0=1 ...                                  # + the same build with DOTNET_TieredPGO=0 as the wrk side "pgo0"
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SOAK_MINUTES=${SOAK_MINUTES:-}
SOAK_ARGS=()
if [ -n "$SOAK_MINUTES" ]; then
  # Fractional minutes are fine (SOAK_MINUTES=0.5); the soak is one round of one scenario, open loop at a moderate rate.
  DURATION=$(awk -v m="$SOAK_MINUTES" 'BEGIN { if (m + 0 > 0) printf "%d", m * 60 + 0.5; else print 0 }')
  [ "$DURATION" -ge 1 ] || { echo "SOAK_MINUTES must be a positive number of minutes (was '$SOAK_MINUTES')" >&2; exit 2; }
  ROUNDS=1
  RATE=${RATE:-500}
  SCENARIOS=${SCENARIOS:-mixed}
  # No verify-right by default: its pool cannot outlive the code TTL, and its refills read the fake provider's inbox,
  # which slows as 10 minutes of texts pile up — the soak would then measure the fake (a first soak's p99 was 6 s).
  MIX=${MIX:-verify-wrong=3,send=1}
  POOL=${POOL:-40000}
  WARMUP=${WARMUP:-10}
fi
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-2}
ROUNDS=${ROUNDS:-3}
RATE=${RATE:-0}
POOL=${POOL:-12000}
RIGHT_POOL=${RIGHT_POOL:-50000}
SCENARIOS=${SCENARIOS:-baseline,verify-unknown,verify-wrong,verify-right,send,flow,mixed}
MIX=${MIX:-verify-wrong=6,verify-right=2,send=2}
SOAK_SAMPLE=${SOAK_SAMPLE:-10}
OUT=${OUT:-$ROOT/benchmarks/results/latest}
MAX_ATTEMPTS=10
OTP_TTL_SECONDS=300 # the service's Otp:Ttl, given to both: the tool drops pooled verifications before they expire
OTP_TTL=$(printf '00:%02d:%02d' $((OTP_TTL_SECONDS / 60)) $((OTP_TTL_SECONDS % 60)))

command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)" >&2; exit 2; }

# Build, start redis-server + fake Vonage + service on free loopback ports; the EXIT trap stops them by pid.
source "$ROOT/benchmarks/stack.sh"
start_stack benchmarks/SecureOtp.LoadTest
FLOOR=${FLOOR:-1}
FLOOR_ARGS=()
CPU_PIDS="service=$API_PID,redis-server=$REDIS_PID,fake provider=$PROVIDER_PID"
if [ "$FLOOR" != 0 ] && [ -z "$SOAK_MINUTES" ]; then
  start_floor
  FLOOR_ARGS=(--floor-url "http://127.0.0.1:$FLOOR_PORT")
  CPU_PIDS="$CPU_PIDS,floor=$FLOOR_PID"
  [ "${OTLP:-0}" != 0 ] && start_otlp_service
  [ "${OTLP:-0}" != 0 ] && [ "${OTLP_SAMPLED:-0}" != 0 ] && start_otlp_sampled_service
  [ -n "${BASE_DIR:-}" ] && start_base_service "$BASE_DIR"
  [ "${PGO0:-0}" != 0 ] && start_pgo0_service
fi

LOAD=${LOAD:-1}
if [ "$LOAD" = 0 ]; then
  :
elif [ -n "$SOAK_MINUTES" ]; then
  SOAK_ARGS=(--soak-pid "$API_PID" --soak-sample "$SOAK_SAMPLE")
  echo "== soak: $SCENARIOS for ${WARMUP}s warm-up + ${DURATION}s, $CONNECTIONS connections, rate=$RATE, service RSS (pid $API_PID) every ${SOAK_SAMPLE}s"
else
  echo "== load: $SCENARIOS, $CONNECTIONS connections, $ROUNDS rounds of (baseline, scenario${FLOOR_ARGS[0]:+, floor}) slices of ${WARMUP}s warm-up + ${DURATION}s, rate=$RATE (0 = closed loop)"
fi
LOAD_RC=0
mkdir -p "$OUT"
if [ "$LOAD" != 0 ]; then
set +e
dotnet "$ROOT/benchmarks/SecureOtp.LoadTest/bin/Release/net10.0/SecureOtp.LoadTest.dll" \
  --url "http://127.0.0.1:$API_PORT" --provider-url "http://127.0.0.1:$PROVIDER_PORT" --api-key "$KEY" \
  --scenarios "$SCENARIOS" --mix "$MIX" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$WARMUP" --rounds "$ROUNDS" --rate "$RATE" \
  --max-attempts "$MAX_ATTEMPTS" --pool "$POOL" --right-pool "$RIGHT_POOL" --cpu-pids "$CPU_PIDS" --otp-ttl "$OTP_TTL_SECONDS" --out "$OUT" ${SOAK_ARGS[@]+"${SOAK_ARGS[@]}"} ${FLOOR_ARGS[@]+"${FLOOR_ARGS[@]}"}
LOAD_RC=$?
set -e
else
  echo "# wrk against the floor (LOAD=0: no load-tool table)" >"$OUT/results.md"
fi

# The same scenarios under wrk, a lean C load generator, with every process's CPU per op: the targets' figures.
WRK=${WRK:-1}
if [ "$WRK" != 0 ] && [ -n "${FLOOR_PID:-}" ]; then
  source "$ROOT/benchmarks/wrk/compare.sh"
  wrk_compare "$WORK/wrk.md"
  { echo; cat "$WORK/wrk.md"; } >>"$OUT/results.md"
  cp "$WORK/wrk.md" "$OUT/wrk.md"
  if [ -n "${OTLP_STUB_PID:-}" ]; then
    # The stub writes what it received when stopped: proof the telemetry was exported, not dropped.
    kill "$OTLP_STUB_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -s "$WORK/otlp-counts.json" ] && break; sleep 0.1; done
    { echo; echo "OTLP posts the collector stub received: \`$(cat "$WORK/otlp-counts.json" 2>/dev/null || echo none)\`"; } | tee -a "$OUT/results.md" >>"$OUT/wrk.md"
  fi
fi

MEMORY_CODES=${MEMORY_CODES:-100000}
if [ "$MEMORY_CODES" -gt 0 ]; then
echo "== Redis memory per live verification: fill an emptied database with $MEMORY_CODES live codes"
mkdir -p "$OUT"
RC="redis-cli -p $REDIS_PORT"
used() { $RC INFO memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r'; }
live_records() { $RC --scan --pattern 'so:*:r:*' | wc -l; }
# Mean and max MEMORY USAGE over every given key, in one redis-cli session (keys have no spaces).
usage() { sed 's/^/MEMORY USAGE /; s/$/ SAMPLES 0/' | $RC | awk '{ s += $1; n++; if ($1 > m) m = $1 } END { if (n) printf "%d bytes mean, %d max, over %d keys", s / n, m, n; else printf "no keys" }'; }
{
  echo
  echo "### Redis memory ($(redis-server --version | awk '{print $3}' | sed 's/^v=//'))"
  echo
  $RC FLUSHALL >/dev/null
  before=$(used)
  filled=0
  # Bounded: at most 20 slices of 15 s of sends (new user and number each), stopping once enough codes are live.
  for _ in $(seq 1 20); do
    [ "$filled" -ge "$MEMORY_CODES" ] && break
    dotnet "$ROOT/benchmarks/SecureOtp.LoadTest/bin/Release/net10.0/SecureOtp.LoadTest.dll" \
      --url "http://127.0.0.1:$API_PORT" --provider-url "http://127.0.0.1:$PROVIDER_PORT" --api-key "$KEY" \
      --scenarios send --connections "$CONNECTIONS" --duration 15 --warmup 0 --rounds 1 --soak-pid "$API_PID" --soak-sample 5 \
      --otp-ttl "$OTP_TTL_SECONDS" >>"$WORK/memory.log" 2>&1 || true
    filled=$(live_records)
  done
  after=$(used)
  echo "- live verifications after filling: $filled (user ids like \`lt-<8 hex>-<n>\`, 16–20 characters), $($RC DBSIZE) keys in all"
  echo "- MEMORY USAGE of the verification records (so:{user}:r:purpose): $($RC --scan --pattern 'so:*:r:*' | usage)"
  echo "- MEMORY USAGE of the resend-cooldown keys (so:{user}:cd:purpose): $($RC --scan --pattern 'so:*:cd:*' | usage)"
  if [ "$filled" -gt 0 ]; then
    echo "- all-in: used_memory +$((after - before)) bytes = $(( (after - before) / filled )) bytes per live verification (record + cooldown + the rate-limit log entries of a distinct user and number, + Redis's own key overhead)"
  fi
} | tee -a "$OUT/results.md"
fi

echo
echo "== results ($OUT/results.md)"
cat "$OUT/results.md"
exit $LOAD_RC
