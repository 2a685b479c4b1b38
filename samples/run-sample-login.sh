#!/usr/bin/env bash
# Runs the sample login app against a local SecureOtp in Development (in-process store, texts in the outbox at
# http://localhost:5080/dev/outbox): SecureOtp on :5080, the sample on http://localhost:5100. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/SecureOtp.Api -v q -nologo
dotnet build samples/SecureOtp.SampleLogin -v q -nologo
dotnet run --no-build --project src/SecureOtp.Api &
service=$!
trap 'kill "$service" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  curl -fs http://localhost:5080/health/live >/dev/null 2>&1 && break
  sleep 0.2
done
echo "SecureOtp is up; open http://localhost:5100 (codes: http://localhost:5080/dev/outbox)"
dotnet run --no-build --project samples/SecureOtp.SampleLogin
