#!/usr/bin/env bash
# Sourced by run-routing.sh and run-channels.sh: checks for redis-server and builds the service, the fake provider and
# the figures tool in Release. Sets ROOT and FIGURES (the tool's dll).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)" >&2; exit 2; }
for project in src/SecureOtp.Api tests/SecureOtp.FakeProvider benchmarks/SecureOtp.DeliveryFigures; do
  dotnet build -c Release --nologo -v quiet "$ROOT/$project"
done
FIGURES="$ROOT/benchmarks/SecureOtp.DeliveryFigures/bin/Release/net10.0/SecureOtp.DeliveryFigures.dll"
