# Sourced by benchmarks/run.sh (after start_stack and start_floor): the service against the floor under wrk, with the
# CPU time per operation of every process. Needs WORK, ROOT, KEY, API_PORT, FLOOR_PORT, PROVIDER_PORT and the pids of
# stack.sh; wrk_compare writes the markdown table to its argument.
#
# Per scenario (WRK_SCENARIOS, default "verify-wrong verify-right send"): one unmeasured warm-up run on each side, then
# WRK_ROUNDS rounds (default 3) of one run on the service and one on the floor, back to back, swapping which goes first
# every round. Each run is `wrk -t2 -c$WRK_CONNECTIONS` (default 64) for WRK_DURATION seconds (default 5); verify-right
# runs are a fixed WRK_RIGHT verifications instead (default 5000 per run: each code is consumed once, so its pool is
# made before the clock starts and used up exactly). Around each run the utime+stime of every process is read from
# /proc/<pid>/stat; wrk's own comes from the subshell that waits for it (its reaped children's times).

WRK_SCENARIOS=${WRK_SCENARIOS:-verify-wrong verify-right send}
WRK_ROUNDS=${WRK_ROUNDS:-3}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-64}
WRK_THREADS=2
WRK_DURATION=${WRK_DURATION:-5}
WRK_WARMUP=${WRK_WARMUP:-2}
WRK_POOL=${WRK_POOL:-20000} # verify-wrong verifications per side: the floor's runs must not lock them (410)
WRK_RIGHT=${WRK_RIGHT:-5000}
WRK_DIR="$ROOT/benchmarks/wrk"
CLOCK_TICK_US=$((1000000 / $(getconf CLK_TCK)))

# Installs Debian's wrk when it is missing, as build.sh does for redis-server; only the benchmarks need it.
ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  echo "wrk not found: installing Debian's wrk package"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null 2>&1 || { echo "could not install wrk (apt-get install -y wrk)" >&2; exit 2; }
}

# utime + stime of a live process, in clock ticks (the fields after the parenthesised name, which may hold spaces).
ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# pool <side> <port> <count> <file> [codes]: live verifications made before any clock starts (series keeps numbers apart).
POOL_SERIES=100
pool() {
  local args=(--url "http://127.0.0.1:$2" --count "$3" --out "$4" --concurrency 32 --series "$POOL_SERIES")
  POOL_SERIES=$((POOL_SERIES + 1))
  [ "${5:-}" = codes ] && args+=(--provider-url "http://127.0.0.1:$PROVIDER_PORT")
  echo "   pool for $1: $3 verifications${5:+ with their codes}"
  # On a loaded machine a few sends out of thousands may time out: a pool short by at most 1 % still serves (10 % with
  # POOL_TOLERANT, set by coldstart.sh); the verify-right slices are fixed, so they need every line: there a short pool
  # fails the run.
  if ! SECUREOTP_API_KEY="$KEY" python3 "$WRK_DIR/prepare-verifications.py" "${args[@]}" >>"$WORK/wrk-pool.log" 2>&1; then
    local made short=1
    [ -n "${POOL_TOLERANT:-}" ] && short=10
    made=$(wc -l <"$4" 2>/dev/null || echo 0)
    if [ "${5:-}" = codes ] || [ "$made" -lt $(($3 * (100 - short) / 100)) ]; then
      echo "pool for $1 failed:" >&2; tail -5 "$WORK/wrk-pool.log" >&2; exit 1
    fi
    echo "   pool for $1: $made of $3 (some sends were not answered 202; see below)"; tail -1 "$WORK/wrk-pool.log"
  fi
}

# Runs wrk, then writes its CPU ticks to "$0.ticks": the reaped children's times of this shell ($$: in a pipeline
# $BASHPID would be sed's own). wrk's main thread sleeps for the whole -d even when every thread has stopped itself (verify-right.lua), so once its threads are gone (seen
# running first) it is sent SIGINT, on which wrk reports at once.
# shellcheck disable=SC2016 # expanded by the inner shell
WRK_REAPER='wrk "$@" >"$0" & w=$!; seen=""
  while kill -0 "$w" 2>/dev/null; do
    n=$(ls "/proc/$w/task" 2>/dev/null | wc -l)
    if [ "$n" -gt 1 ]; then seen=1; elif [ -n "$seen" ] && [ "$n" = 1 ]; then kill -INT "$w" 2>/dev/null; fi
    sleep 0.05
  done
  wait "$w"; sed "s/.*) //" "/proc/$$/stat" | awk "{ print \$14 + \$15 }" >"$0.ticks"'

# run_wrk <side> <scenario> <seconds> [script args]: one run; appends "label side scenario requests duration_us p99_us
# unexpected errors locked wrk_ticks target_ticks redis_ticks provider_ticks" to $WORK/wrk-runs (label: WRK_LABEL, "measured"
# unless it is "warmup").
run_wrk() {
  local side=$1 scenario=$2 seconds=$3 port target
  shift 3
  case "$side" in
    service) port=$API_PORT; target=$API_PID ;;
    otlp) port=$OTLP_PORT; target=$OTLP_PID ;;
    floor) port=$FLOOR_PORT; target=$FLOOR_PID ;;
    # Any other side (experiments: another build beside this one) names its own: SIDE_PORT_<side>, SIDE_PID_<side>.
    *) port=$(eval echo "\$SIDE_PORT_$side"); target=$(eval echo "\$SIDE_PID_$side") ;;
  esac
  local t0 r0 p0 t1 r1 p1 out="$WORK/wrk-$side-$scenario.out"
  clear_shared_limit_logs
  t0=$(ticks "$target"); r0=$(ticks "$REDIS_PID"); p0=$(ticks "$PROVIDER_PID")
  # shellcheck disable=SC2016 # the inner $BASHPID is the subshell's own
  SECUREOTP_API_KEY="$KEY" bash -c "$WRK_REAPER" \
    "$out" -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" -s "$WRK_DIR/$scenario.lua" "http://127.0.0.1:$port" "$@"
  t1=$(ticks "$target"); r1=$(ticks "$REDIS_PID"); p1=$(ticks "$PROVIDER_PID")
  local figures
  figures=$(awk '/^  figures /{ for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "%s ", kv[2] } }' "$out")
  [ -n "$figures" ] || { echo "wrk gave no figures for $side $scenario:" >&2; cat "$out" >&2; exit 1; }
  echo "${WRK_LABEL:-measured} $side $scenario $figures$(cat "$out.ticks") $((t1 - t0)) $((r1 - r0)) $((p1 - p0))" >>"$WORK/wrk-runs"
  [ "${WRK_LABEL:-measured}" = measured ] && awk -v s="$side" '/Requests\/sec|  statuses |  unexpected |  latency /{ printf "   %-7s %s\n", s, $0 }' "$out"
  return 0
}

# scenario_args <side> <scenario> <round>: the script arguments of one run (pool files, verify-right's slice of lines).
scenario_args() {
  case "$2" in
    verify-wrong) echo "-- $WORK/wrong-$1.txt" ;;
    verify-right) echo "-- $WORK/right-$1.txt $(($3 * WRK_RIGHT + 1)) $WRK_RIGHT $WRK_THREADS" ;;
  esac
}

# seconds <scenario> <duration>: verify-right runs end when their slice of codes is used; the duration is only a bound.
seconds() { if [ "$1" = verify-right ]; then echo 120; else echo "$2"; fi; }

wrk_compare() {
  local md=$1 scenario side round order sides="service floor"
  # With OTLP=1 (run.sh) a second service exports its telemetry to a collector stub: a third side in every round.
  [ -n "${OTLP_PID:-}" ] && sides="service floor otlp"
  sides="$sides ${WRK_EXTRA_SIDES:-}"
  ensure_wrk
  # The load tool's part leaves millions of keys (limit logs live an hour or a day): the wrk part starts from an empty
  # database so its scans stay short and Redis's figures are not those of a bloated keyspace (scripts stay cached).
  redis-cli -p "$REDIS_PORT" FLUSHDB >/dev/null
  : >"$WORK/wrk-runs"
  echo "== wrk: $WRK_SCENARIOS; service vs floor, $WRK_ROUNDS rounds, -t$WRK_THREADS -c$WRK_CONNECTIONS, ${WRK_DURATION}s runs (verify-right: $WRK_RIGHT verifications per run)"
  for scenario in $WRK_SCENARIOS; do
    echo "== wrk $scenario (load average $(cut -d' ' -f1 /proc/loadavg))"
    for side in $sides; do
      local port=$API_PORT
      [ "$side" = floor ] && port=$FLOOR_PORT
      [ "$side" = otlp ] && port=$OTLP_PORT
      case "$side" in service | floor | otlp) ;; *) port=$(eval echo "\$SIDE_PORT_$side") ;; esac
      case "$scenario" in
        verify-wrong) pool "$side" "$port" "$WRK_POOL" "$WORK/wrong-$side.txt" ;;
        verify-right) pool "$side" "$port" $(((WRK_ROUNDS + 1) * WRK_RIGHT)) "$WORK/right-$side.txt" codes ;;
      esac
      # shellcheck disable=SC2046 # the arguments are words on purpose
      WRK_LABEL=warmup run_wrk "$side" "$scenario" "$(seconds "$scenario" "$WRK_WARMUP")" $(scenario_args "$side" "$scenario" 0)
    done
    for round in $(seq 1 "$WRK_ROUNDS"); do
      # Who goes first alternates each round (the machine's load drifts).
      order=$sides
      [ $((round % 2)) = 0 ] && order=$(echo "$sides" | awk '{ for (i = NF; i > 0; i--) printf "%s ", $i }')
      for side in $order; do
        # shellcheck disable=SC2046
        run_wrk "$side" "$scenario" "$(seconds "$scenario" "$WRK_DURATION")" $(scenario_args "$side" "$scenario" "$round")
      done
    done
  done
  python3 "$WRK_DIR/compare-table.py" "$WORK/wrk-runs" "$CLOCK_TICK_US" "$WRK_CONNECTIONS" "${LIMITS:-max}" >"$md"
}
