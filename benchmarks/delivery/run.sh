#!/usr/bin/env bash
# The delivery-receipt figures (issue 16): builds the fake provider and the figures tool, drives ~200 sends through the
# service (in the tool's process, on real Redis and Kestrel) to the fake Vonage server posting signed receipts, some
# numbers failing, and renders the dashboard's new panels' data as a PNG. Everything it starts listens on loopback and
# is stopped by pid (redis-server, the fake provider) or with the tool's process (the service).
#
#   bash benchmarks/delivery/run.sh                  # writes benchmarks/results/delivery/{results.json,results.md,delivery.png}
#   OUT=/tmp/delivery bash benchmarks/delivery/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${OUT:-$ROOT/benchmarks/results/delivery}
command -v redis-server >/dev/null || { echo "redis-server is not on PATH (apt-get install -y redis-server)" >&2; exit 2; }
# The first python3 with matplotlib: a pyenv shim on PATH may hide Debian's, which has it.
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c 'import matplotlib' 2>/dev/null; then PYTHON=$candidate; break; fi
done
[ -n "$PYTHON" ] || { echo "matplotlib is missing (apt-get install -y python3-matplotlib)" >&2; exit 2; }

dotnet build -c Release --nologo -v quiet "$ROOT/tests/SecureOtp.FakeProvider"
dotnet build -c Release --nologo -v quiet "$ROOT/benchmarks/SecureOtp.DeliveryFigures"
dotnet "$ROOT/benchmarks/SecureOtp.DeliveryFigures/bin/Release/net10.0/SecureOtp.DeliveryFigures.dll" "$OUT"
"$PYTHON" "$ROOT/benchmarks/delivery/plot.py" "$OUT"
