#!/usr/bin/env bash
# The channel figures (issue 24): builds the service, the fake provider and the figures tool (Release), then sends to
# France (+33, the fake failing 4 texts in 5) and the UK (+44, 1 in 33) twice: with channels ["sms"] and with
# ["sms","voice"]. Per country: texts delivered, voice calls placed and completed, codes that reached their users,
# conversion. Everything listens on loopback and is stopped by pid (redis-server, the fake provider, each service).
#
#   bash benchmarks/delivery/run-channels.sh                # writes benchmarks/results/channels/{results.json,results.md}
#   bash benchmarks/delivery/run-channels.sh /tmp/c --sends 30
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-figures.sh"
dotnet "$FIGURES" channels "$@"
