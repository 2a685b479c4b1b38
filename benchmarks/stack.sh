# Sourced by benchmarks/run.sh and benchmarks/wrk/run-wrk.sh: builds Release and starts redis-server, the fake Vonage
# server and the service on free loopback ports, with the benchmark settings; an EXIT trap stops all of them by pid.
#
# Needs ROOT (the repository) and MAX_ATTEMPTS; optional OTP_TTL (default 00:05:00), LIMITS (max | shipped | defaults,
# below) and SERVICE_ENV ("Key=value …", extra service settings for experiments). start_stack's arguments are extra projects to build (e.g. the load tool).
# Sets WORK (a temp folder, removed on exit), REDIS_PORT/PROVIDER_PORT/API_PORT, REDIS_PID/PROVIDER_PID/API_PID and KEY
# (a fresh API key with both scopes). start_floor (after start_stack) adds the floor (benchmarks/SecureOtp.Floor) on the
# same redis-server and fake provider, with the same key: sets FLOOR_PORT and FLOOR_PID.

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    # Bounded wait: the service drains for a few seconds on SIGTERM.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

wait_for() { # url, name, pid
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$3" 2>/dev/null || { echo "$2 exited; its log:" >&2; cat "$WORK/$2.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$2 did not become ready at $1" >&2; exit 1
}

start_stack() {
  local project
  echo "== building (Release)"
  for project in src/SecureOtp.Api tests/SecureOtp.FakeProvider "$@"; do
    dotnet build -c Release --nologo -v quiet "$ROOT/$project" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
  done

  REDIS_PORT=$(free_port); PROVIDER_PORT=$(free_port); API_PORT=$(free_port)
  KEY="bench-$(openssl rand -hex 16)"
  KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)
  # Generated once, so a second service process (benchmarks/coldstart.sh) reads what the first one stored.
  HASH_KEY=$(openssl rand -base64 32); PSEUDONYM_KEY=$(openssl rand -base64 32); TOTP_KEY=$(openssl rand -base64 32)

  echo "== starting redis-server :$REDIS_PORT, fake Vonage :$PROVIDER_PORT, service :$API_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  # The fake provider is a test double, not the system under test: its per-request framework logs off.
  Logging__LogLevel__Default=Warning \
    dotnet "$ROOT/tests/SecureOtp.FakeProvider/bin/Release/net10.0/SecureOtp.FakeProvider.dll" --urls "http://127.0.0.1:$PROVIDER_PORT" \
    >"$WORK/provider.log" 2>&1 &
  PROVIDER_PID=$!
  PIDS+=("$PROVIDER_PID")

  start_service "$API_PORT"
  wait_for "http://127.0.0.1:$PROVIDER_PORT/health" provider "$PROVIDER_PID"
  wait_for "http://127.0.0.1:$API_PORT/health/ready" service "$API_PID"
}

# The logs and counters of the limits a benchmark trips only because all of its load comes from one IP and one API client
# (per IP, per client, per country, per prefix; {prefix}:{l:<scope>:<hash>}). Even at the validator's maximum a
# per-minute budget of 100 000 binds above ~1 700 requests/s sustained for a minute, and a log holding a whole run's
# entries is far larger than production's (300 per IP per hour by default). Cleared between measured runs, so each run
# still checks and records every limit (same Redis work) without tripping them.
# One SCAN pass inside Redis (a Lua loop, COUNT 10000): one redis-cli --scan per scope took minutes once the load tool
# had left millions of keys, long enough for a wrk pool's verifications to expire (every verify then 404); and
# Debian's redis-cli 7.0 has no --count.
clear_shared_limit_logs() {
  redis-cli -p "$REDIS_PORT" EVAL "
    local scopes = {w1m = true, cl1m = true, iv1h = true, ip1h = true, cc1m = true, pfx = true, tcc1m = true, tpfx = true,
      w1mb = true, cl1mb = true, cc1mb = true, tcc1mb = true}
    local cursor, removed = '0', 0
    repeat
      local page = redis.call('SCAN', cursor, 'MATCH', 'so:{l:*', 'COUNT', 10000)
      cursor = page[1]
      for _, key in ipairs(page[2]) do
        if scopes[string.match(key, '^so:{l:(%w+):')] then
          redis.call('UNLINK', key)
          removed = removed + 1
        end
      end
    until cursor == '0'
    return removed" 0 >/dev/null
}

# start_service <port> [service folder] [extra Key=value environment words]: one service process with the benchmark
# settings, against the stack's redis-server and fake provider; sets API_PID (not waited for: see wait_for).
start_service() {
  # LIMITS picks the limit settings (every limit is checked in all three; only the numbers differ):
  #   max (default): every limit at the validator's maximum (100000), so it is checked (same Redis work as production)
  #     but never binds; FailedVerifiesPerUserPerDay is capped at 100 (NIST).
  #   shipped: the per-user, per-number and per-verification limits at their shipped defaults (the load's users and
  #     numbers are all distinct, so they never bind either); the ones this load would trip only because it comes from one
  #     IP, one API client, one country and one number prefix (per IP, per client, per country, per prefix) at the maximum.
  #   defaults: nothing set — the shipped defaults throughout; sends and verifies are mostly refused (429) within
  #     seconds, so this measures refusals (the status counts say how many).
  local limits=()
  case "${LIMITS:-max}" in
    max) limits=(Limits__SendsPerPhonePerHour=100000 Limits__SendsPerPhonePerDay=100000 Limits__SendsPerUserPerHour=100000
      Limits__FailedVerifiesPerUserPerDay=100) ;;
    shipped) ;;
    defaults) ;;
    *) echo "LIMITS must be max, shipped or defaults (was '$LIMITS')" >&2; exit 2 ;;
  esac
  if [ "${LIMITS:-max}" != defaults ]; then
    limits+=(Limits__SendsPerIpPerHour=100000 Limits__SendsPerClientPerMinute=100000 Limits__SendsPerCountryPerMinute=100000
      Limits__DistinctNumbersPerPrefix=100000 Limits__VerifiesPerIpPerHour=100000 Limits__VerifiesPerClientPerMinute=100000)
  fi
  # --contentRoot: the service reads appsettings.json (log levels included) from its content root, which otherwise is the
  # working directory; started from the repository root it would run with every framework category logging each request.
  local service_dir=${2:-$ROOT/src/SecureOtp.Api/bin/Release/net10.0}
  # A Native AOT publish (benchmarks/coldstart.sh, variant aot) is an executable, not a dll.
  local run=(dotnet "$service_dir/SecureOtp.Api.dll")
  [ -f "$service_dir/SecureOtp.Api.dll" ] || run=("$service_dir/SecureOtp.Api")
  # shellcheck disable=SC2086 # SERVICE_ENV is a list of Key=value words on purpose
  env ASPNETCORE_ENVIRONMENT=Production \
    Redis__Configuration="127.0.0.1:$REDIS_PORT" \
    Sms__Provider=Vonage Sms__Vonage__BaseUrl="http://127.0.0.1:$PROVIDER_PORT" Sms__Vonage__ApiKey=fake-key \
    Sms__Vonage__ApiSecret=fake-secret Sms__Vonage__From=SecureOtp \
    Otp__ActiveHashKeyId=k1 Otp__HashKeys__k1="$HASH_KEY" Otp__PseudonymKey="$PSEUDONYM_KEY" Otp__MaxAttempts="$MAX_ATTEMPTS" Otp__Ttl="${OTP_TTL:-00:05:00}" \
    Totp__ActiveSecretKeyId=t1 Totp__SecretKeys__t1="$TOTP_KEY" \
    Auth__ApiKeys__bench__KeyHash="$KEY_HASH" Auth__ApiKeys__bench__Scopes__0=otp:send Auth__ApiKeys__bench__Scopes__1=otp:verify \
    ${limits[@]+"${limits[@]}"} ${SERVICE_ENV:-} "${@:3}" \
    "${run[@]}" --contentRoot "$service_dir" --urls "http://127.0.0.1:$1" >>"$WORK/service.log" 2>&1 &
  API_PID=$!
  PIDS+=("$API_PID")
}

# The floor of issue 14: the least an OTP service does per request, measured beside the service in the same run.
# Same redis-server (its keys under floor:), same fake provider, same API key, same MAX_ATTEMPTS; limits as high as the
# service's so they are checked but never bind. Release, as the service; stopped by pid in the EXIT trap like the rest.
start_floor() {
  dotnet build -c Release --nologo -v quiet "$ROOT/benchmarks/SecureOtp.Floor" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
  FLOOR_PORT=$(free_port)
  echo "== starting the floor :$FLOOR_PORT"
  Floor__Redis="127.0.0.1:$REDIS_PORT" Floor__ProviderUrl="http://127.0.0.1:$PROVIDER_PORT" Floor__ApiKey="$KEY" \
    Floor__MaxAttempts="$MAX_ATTEMPTS" Floor__Limit=100000 \
    dotnet "$ROOT/benchmarks/SecureOtp.Floor/bin/Release/net10.0/SecureOtp.Floor.dll" --urls "http://127.0.0.1:$FLOOR_PORT" \
    >"$WORK/floor.log" 2>&1 &
  FLOOR_PID=$!
  PIDS+=("$FLOOR_PID")
  wait_for "http://127.0.0.1:$FLOOR_PORT/health/live" floor "$FLOOR_PID"
}

# start_otlp_service (after start_stack): a second service process, exporting its traces, metrics and logs over OTLP/HTTP
# to a collector stub (benchmarks/otlp-stub.py, which reads and discards them) — what the service costs with
# OTEL_EXPORTER_OTLP_ENDPOINT set. Same settings, redis-server and provider as the first; metrics every 5 s (the
# default 60 s would export nothing within a run). Sets OTLP_PORT, OTLP_PID (the service), OTLP_STUB_PID; stopped in the
# EXIT trap like the rest; the stub writes how many posts it took to $WORK/otlp-counts.json when stopped.
start_otlp_service() {
  local stub_port main_pid=$API_PID
  stub_port=$(free_port); OTLP_PORT=$(free_port); OTLP_STUB_PORT=$stub_port
  echo "== starting the OTLP collector stub :$stub_port and a service exporting to it :$OTLP_PORT"
  python3 "$ROOT/benchmarks/otlp-stub.py" --port "$stub_port" --counts "$WORK/otlp-counts.json" >"$WORK/otlp-stub.log" 2>&1 &
  OTLP_STUB_PID=$!
  PIDS+=("$OTLP_STUB_PID")
  wait_for "http://127.0.0.1:$stub_port/" otlp-stub "$OTLP_STUB_PID"
  start_service "$OTLP_PORT" "" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$stub_port" \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_METRIC_EXPORT_INTERVAL=5000
  OTLP_PID=$API_PID
  API_PID=$main_pid
  wait_for "http://127.0.0.1:$OTLP_PORT/health/ready" service "$OTLP_PID"
}

# start_otlp_sampled_service (after start_otlp_service): one more service exporting to the same stub, with the head
# sampling docs/operations.md suggests for production (parentbased_traceidratio, 10 % of traces; metrics and logs as
# the otlp side's), as the wrk side "otlp10" (run.sh's OTLP_SAMPLED=1): what export costs as the docs advise running it.
start_otlp_sampled_service() {
  local main_pid=$API_PID
  SIDE_PORT_otlp10=$(free_port)
  echo "== starting a service exporting to the stub with 10 % trace sampling :$SIDE_PORT_otlp10"
  start_service "$SIDE_PORT_otlp10" "" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$OTLP_STUB_PORT" \
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_METRIC_EXPORT_INTERVAL=5000 \
    OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1
  SIDE_PID_otlp10=$API_PID
  API_PID=$main_pid
  wait_for "http://127.0.0.1:$SIDE_PORT_otlp10/health/ready" service "$SIDE_PID_otlp10"
  export SIDE_PORT_otlp10 SIDE_PID_otlp10
  WRK_EXTRA_SIDES="${WRK_EXTRA_SIDES:-} otlp10"
}

# start_pgo0_service: the same build with DOTNET_TieredPGO=0 (no instrumented tier: methods go from tier 0 straight to
# optimised code), as the wrk side "pgo0" (run.sh's PGO0=1): what the setting costs or buys in steady state, measured
# in the same rounds as the default (benchmarks/coldstart.sh measures what it does to a cold start).
start_pgo0_service() {
  local main_pid=$API_PID
  SIDE_PORT_pgo0=$(free_port)
  echo "== starting the same build with DOTNET_TieredPGO=0 :$SIDE_PORT_pgo0"
  start_service "$SIDE_PORT_pgo0" "" DOTNET_TieredPGO=0
  SIDE_PID_pgo0=$API_PID
  API_PID=$main_pid
  wait_for "http://127.0.0.1:$SIDE_PORT_pgo0/health/ready" service "$SIDE_PID_pgo0"
  export SIDE_PORT_pgo0 SIDE_PID_pgo0
  WRK_EXTRA_SIDES="${WRK_EXTRA_SIDES:-} pgo0"
}

# start_base_service <folder>: the Release build in <folder> (e.g. an earlier commit's src/SecureOtp.Api/bin/Release/
# net10.0) as a fourth wrk side named "base", same settings, Redis, provider and key: a before/after comparison in the
# same rounds (run.sh's BASE_DIR).
start_base_service() {
  local main_pid=$API_PID
  SIDE_PORT_base=$(free_port)
  echo "== starting the base build ($1) :$SIDE_PORT_base"
  start_service "$SIDE_PORT_base" "$1"
  SIDE_PID_base=$API_PID
  API_PID=$main_pid
  wait_for "http://127.0.0.1:$SIDE_PORT_base/health/ready" service "$SIDE_PID_base"
  export SIDE_PORT_base SIDE_PID_base
  WRK_EXTRA_SIDES="${WRK_EXTRA_SIDES:-} base"
}
