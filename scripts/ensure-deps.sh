#!/usr/bin/env bash
# Installs what Meshscope's demo and tests need when it is missing: npm dependencies, Debian's prometheus and
# (with --browser) chromium, victoria-metrics and kubectl. Installs with apt only as root on Debian/Ubuntu; elsewhere says how, in one line.
# A missing kubectl is not fatal here: outside CI its tests skip themselves, under CI=true they fail saying how to get it.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=false; [ "${1:-}" = "--browser" ] && tests=true

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies…"
  npm install --no-audit --no-fund --loglevel=error
fi

need=()
if [ -z "${PROMETHEUS_BIN:-}" ] && ! command -v prometheus >/dev/null 2>&1; then need+=(prometheus); fi
if $tests && [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
# the second metrics backend: app/api/namespaces/graph/backends.test.ts compares its graph with Prometheus's
if $tests && [ -z "${VICTORIA_METRICS_BIN:-}" ] && ! command -v victoria-metrics >/dev/null 2>&1; then need+=(victoria-metrics); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} with apt-get…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
  else
    echo "Missing ${need[*]}: install with 'sudo apt-get install ${need[*]}' (or set PROMETHEUS_BIN / CHROMIUM_PATH / VICTORIA_METRICS_BIN)." >&2
    exit 1
  fi
fi

# kubectl for the tests that run it against the demo API (lib/demo/k8s-api/test-kubectl.ts finds it the same way:
# $KUBECTL, else PATH; KUBECTL_MIN_MINOR there). It must be 1.27 or newer: older ones read OpenAPI v2, which the demo API does not serve, so
# Debian's own kubernetes-client (1.20 in bookworm) is not enough; the `kubectl` package of pkgs.k8s.io is.
kubectl_minor() { # the client's minor version, or nothing when there is no usable kubectl
  local bin=${KUBECTL:-$(command -v kubectl || true)}
  [ -n "$bin" ] && [ -x "$bin" ] || return 0
  "$bin" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1 || true
}
kubectl_ok() { local m; m=$(kubectl_minor); [ -n "$m" ] && [ "$m" -ge 27 ]; }
if $tests && ! kubectl_ok; then
  if [ -z "${KUBECTL:-}" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    candidate() { apt-cache policy kubectl 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '(none)' || true; }
    if [ -z "$(candidate)" ]; then apt-get update >/dev/null 2>&1 || true; fi
    if [ -n "$(candidate)" ]; then
      echo "Installing kubectl with apt-get…"
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends kubectl >/dev/null 2>&1 || true
    fi
  fi
  if ! kubectl_ok; then
    echo "kubectl 1.27+ is missing (the kubectl tests need it): add the pkgs.k8s.io apt source and 'apt-get install kubectl' (https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/), or set KUBECTL=/path/to/kubectl." >&2
  fi
fi
