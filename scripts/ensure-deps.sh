#!/usr/bin/env bash
# Installs what Meshscope's demo and tests need when it is missing: npm dependencies, Debian's prometheus and
# (with --browser) chromium. Installs with apt only as root on Debian/Ubuntu; elsewhere says how, in one line.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies…"
  npm install --no-audit --no-fund --loglevel=error
fi

need=()
if [ -z "${PROMETHEUS_BIN:-}" ] && ! command -v prometheus >/dev/null 2>&1; then need+=(prometheus); fi
if [ "${1:-}" = "--browser" ] && [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${need[*]} with apt-get…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${need[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; }
  else
    echo "Missing ${need[*]}: install with 'sudo apt-get install ${need[*]}' (or set PROMETHEUS_BIN / CHROMIUM_PATH)." >&2
    exit 1
  fi
fi
