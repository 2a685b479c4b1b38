#!/usr/bin/env bash
# Cold start under load (issue 27): a fresh service process, put under a constant verify-wrong load (wrk -t2 -c64) the
# moment /health/ready answers; answers per second from its first request over COLD_SECONDS (15) against its steady state
# (the mean of the STEADY_SECONDS (5) after them, same process, same run). One line per variant, then per-second figures.
#
#   bash benchmarks/coldstart.sh                                   # COLD_VARIANTS="jit pgo0 r2r" by default
#   COLD_VARIANTS="jit tc0 r2r r2r-pgo0 nor2r" bash benchmarks/coldstart.sh
#   COLD_VARIANTS="jit warm r2r-warm jit:2 warm:2 r2r-warm:2" bash benchmarks/coldstart.sh
#   OUT=/tmp/cold COLD_POOL=10000 CONNECTIONS=64 bash benchmarks/coldstart.sh
#
# Variants: jit (the Release build as the image runs it: framework-dependent, no ReadyToRun of our own code),
# pgo0 (DOTNET_TieredPGO=0), tc0 (DOTNET_TieredCompilation=0: fully optimised JIT from the start), quickloops0
# (DOTNET_TC_QuickJitForLoops=0), nor2r (DOTNET_ReadyToRun=0: the framework's precompiled code ignored too), r2r
# (`dotnet publish -p:PublishReadyToRun=true -r linux-x64`: our code and dependencies precompiled), r2r-pgo0 (both),
# aot (Native AOT, measured only, never shipped: see benchmarks/results/aot.md; AOT_DIR=<folder> reuses a publish).
# Those run with the warm-up before readiness off (Hosting__WarmUp__Enabled=false), so they measure a cold process; the
# -warm variants keep it on, as shipped: warm (the Release build), r2r-warm, warm-pgo0, r2r-warm-pgo0.
# A variant may carry a ":<n>" suffix to run it again in the same run (jit:2 is jit, reported on its own row).
# A warm helper process (same keys, same redis-server) makes each variant's pool of live verifications before the
# fresh process starts, so nothing warms the process under test before its clock starts. Loopback only; every process
# started here is stopped by pid (EXIT trap of stack.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COLD_VARIANTS=${COLD_VARIANTS:-jit pgo0 r2r}
COLD_SECONDS=${COLD_SECONDS:-15}
STEADY_SECONDS=${STEADY_SECONDS:-5}
COLD_POOL=${COLD_POOL:-12000} # 10 attempts each: above 20 s of the warm rate, so none is locked (410)
CONNECTIONS=${CONNECTIONS:-64}
OUT=${OUT:-$ROOT/benchmarks/results/latest}
MAX_ATTEMPTS=10
POOL_TOLERANT=1 # a few sends timing out while the pool is made (loaded machine) do not void the run

command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)" >&2; exit 2; }
source "$ROOT/benchmarks/stack.sh"
source "$ROOT/benchmarks/wrk/compare.sh" # ensure_wrk, pool
ensure_wrk
start_stack
HELPER_PORT=$API_PORT
mkdir -p "$OUT"
: >"$WORK/cold-runs"

# variant_dir <variant>: the folder the variant runs from (publishes ReadyToRun once when a variant needs it).
variant_dir() {
  case "$1" in
    r2r*)
      if [ ! -f "$WORK/r2r/SecureOtp.Api.dll" ]; then
        echo "   publishing ReadyToRun (linux-x64, framework-dependent) into $WORK/r2r" >&2
        dotnet publish "$ROOT/src/SecureOtp.Api" -c Release -r linux-x64 --no-self-contained -p:PublishReadyToRun=true \
          --nologo -v quiet -o "$WORK/r2r" >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log" >&2; exit 1; }
      fi
      echo "$WORK/r2r" ;;
    aot)
      # Not shipped (benchmarks/results/aot.md): measured only. AOT_DIR reuses an earlier publish (ILC takes minutes).
      if [ -n "${AOT_DIR:-}" ]; then echo "$AOT_DIR"; return; fi
      if [ ! -f "$WORK/aot/SecureOtp.Api" ]; then
        echo "   publishing Native AOT (linux-x64) into $WORK/aot" >&2
        dotnet publish "$ROOT/src/SecureOtp.Api" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false \
          -p:WarningsAsErrors= --nologo -v quiet -o "$WORK/aot" >"$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log" >&2; exit 1; }
      fi
      echo "$WORK/aot" ;;
    *) echo "$ROOT/src/SecureOtp.Api/bin/Release/net10.0" ;;
  esac
}

variant_env() {
  case "$1" in
    *-warm | warm | *-warm-pgo0 | warm-pgo0) ;;
    *) echo Hosting__WarmUp__Enabled=false ;;
  esac
  case "$1" in
    jit | r2r | aot | warm | r2r-warm) ;;
    pgo0 | r2r-pgo0 | warm-pgo0 | r2r-warm-pgo0) echo DOTNET_TieredPGO=0 ;;
    tc0) echo DOTNET_TieredCompilation=0 ;;
    quickloops0) echo DOTNET_TC_QuickJitForLoops=0 ;;
    nor2r) echo DOTNET_ReadyToRun=0 ;;
    *) echo "unknown variant '$1'" >&2; exit 2 ;;
  esac
}

for variant in $COLD_VARIANTS; do
  dir=$(variant_dir "${variant%%:*}")
  # shellcheck disable=SC2207 # Key=value words
  extra=($(variant_env "${variant%%:*}"))
  echo "== $variant (load average $(cut -d' ' -f1 /proc/loadavg))"
  pool helper "$HELPER_PORT" "$COLD_POOL" "$WORK/cold-pool.txt"
  clear_shared_limit_logs
  port=$(free_port)
  started=$(date +%s%N)
  log_lines=$(wc -l <"$WORK/service.log" 2>/dev/null || echo 0)
  start_service "$port" "$dir" ${extra[@]+"${extra[@]}"}
  cold_pid=$API_PID
  is_ready=""
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && { is_ready=1; break; }
    kill -0 "$cold_pid" 2>/dev/null || { echo "$variant exited; its log:" >&2; tail -20 "$WORK/service.log" >&2; exit 1; }
    sleep 0.1
  done
  ready=$(date +%s%N)
  if [ -z "$is_ready" ]; then
    # Not measured: a variant that never gets ready would only measure its error path.
    echo "   $variant: /health/ready did not answer 2xx within 60 s; not measured (its log: $WORK/service.log)"
    echo "# $variant never-ready" >>"$WORK/cold-runs"
    kill "$cold_pid"; sleep 2; kill -9 "$cold_pid" 2>/dev/null || true
    continue
  fi
  SECUREOTP_API_KEY="$KEY" wrk -t2 -c"$CONNECTIONS" -d"$((COLD_SECONDS + STEADY_SECONDS + 1))s" \
    -s "$ROOT/benchmarks/wrk/coldstart.lua" "http://127.0.0.1:$port" -- "$WORK/cold-pool.txt" >"$WORK/cold-$variant.out"
  kill "$cold_pid"
  for _ in $(seq 1 100); do kill -0 "$cold_pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$cold_pid" 2>/dev/null || true
  # What the warm-up did (log 6002/6003: requests, methods compiled, why it ended), beside the figures.
  tail -n +"$((log_lines + 1))" "$WORK/service.log" | grep -o "Warm-up [a-z]*[: ].*" | grep -v "in the last" | sed "s/^/   $variant: /" | tee -a "$OUT/warm-up.log" || true
  awk -v v="$variant" -v s="$started" -v r="$ready" \
    '/^  first /{ f = $2 } /^  tenth /{ printf "%s %s %s %s %s %s\n", v, s, r, f, $2, $3 }
     /^  statuses /{ sub(/^  statuses +/, ""); print "#", v, $0 }' \
    "$WORK/cold-$variant.out" >>"$WORK/cold-runs"
  grep -E "Requests/sec|statuses" "$WORK/cold-$variant.out" | sed 's/^/   /'
done

python3 "$ROOT/benchmarks/coldstart-table.py" "$WORK/cold-runs" "$COLD_SECONDS" "$STEADY_SECONDS" "$CONNECTIONS" >"$OUT/coldstart.md"
echo
cat "$OUT/coldstart.md"
