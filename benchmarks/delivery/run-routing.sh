#!/usr/bin/env bash
# The routing figures (issue 23): builds the service, the fake provider and the figures tool (Release), then
#  1. one provider failing in one country: route vonage, twilio for +33 and +44, the fake Vonage failing 9 in 10 texts
#     to +33; delivered share per phase (before demotion, demoted, restored) and when the demotion came;
#  2. what failover costs a send: service CPU µs and Redis round trips per send with Vonage healthy, its circuit open,
#     answering 503, refusing the connection.
# Everything listens on loopback and is stopped by pid (redis-server, the fake provider, each service process).
#
#   bash benchmarks/delivery/run-routing.sh                 # writes benchmarks/results/routing/{results.json,results.md}
#   bash benchmarks/delivery/run-routing.sh /tmp/r --seconds 90 --cost-only
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-figures.sh"
dotnet "$FIGURES" routing "$@"
