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

echo "== building (Release)"
for project in src/SecureOtp.Api tests/SecureOtp.FakeProvider; do
  dotnet build -c Release --nologo -v quiet "$ROOT/$project" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
done

REDIS_PORT=$(free_port); PROVIDER_PORT=$(free_port); API_PORT=$(free_port)
KEY="bench-$(openssl rand -hex 16)"
KEY_HASH=$(printf %s "$KEY" | sha256sum | cut -d' ' -f1)

echo "== starting redis-server :$REDIS_PORT, fake Vonage :$PROVIDER_PORT, service :$API_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
# The fake provider is a test double, not the system under test: its per-request framework logs off.
Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/tests/SecureOtp.FakeProvider/bin/Release/net10.0/SecureOtp.FakeProvider.dll" --urls "http://127.0.0.1:$PROVIDER_PORT" \
  >"$WORK/provider.log" 2>&1 &
PIDS+=($!)
PROVIDER_PID=$!

# The settings of benchmarks/run.sh: limits at the validator's maximum, checked on every request but never binding.
# --contentRoot: the service reads appsettings.json (log levels included) from its content root, which otherwise is the
# working directory; started from the repository root it would run with every framework category logging each request.
SERVICE_DIR="$ROOT/src/SecureOtp.Api/bin/Release/net10.0"
env ASPNETCORE_ENVIRONMENT=Production \
  Redis__Configuration="127.0.0.1:$REDIS_PORT" \
  Sms__Provider=Vonage Sms__Vonage__BaseUrl="http://127.0.0.1:$PROVIDER_PORT" Sms__Vonage__ApiKey=fake-key \
  Sms__Vonage__ApiSecret=fake-secret Sms__Vonage__From=SecureOtp \
  Otp__ActiveHashKeyId=k1 Otp__HashKeys__k1="$(openssl rand -base64 32)" Otp__MaxAttempts=$MAX_ATTEMPTS \
  Auth__ApiKeys__bench__KeyHash="$KEY_HASH" Auth__ApiKeys__bench__Scopes__0=otp:send Auth__ApiKeys__bench__Scopes__1=otp:verify \
  Limits__SendsPerPhonePerHour=100000 Limits__SendsPerPhonePerDay=100000 Limits__SendsPerUserPerHour=100000 \
  Limits__SendsPerIpPerHour=100000 Limits__SendsPerClientPerMinute=100000 Limits__SendsPerCountryPerMinute=100000 \
  Limits__DistinctNumbersPerPrefix=100000 Limits__VerifiesPerIpPerHour=100000 Limits__FailedVerifiesPerUserPerDay=100 \
  ${SERVICE_ENV:-} \
  dotnet "$SERVICE_DIR/SecureOtp.Api.dll" --contentRoot "$SERVICE_DIR" --urls "http://127.0.0.1:$API_PORT" >"$WORK/service.log" 2>&1 &
PIDS+=($!)
API_PID=$!

wait_for "http://127.0.0.1:$PROVIDER_PORT/health" provider "$PROVIDER_PID"
wait_for "http://127.0.0.1:$API_PORT/health/ready" service "$API_PID"

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
