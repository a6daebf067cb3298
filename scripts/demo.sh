#!/usr/bin/env bash
# npm run demo: install what is missing, build, then start the demo mesh, Prometheus and the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
# --backend victoriametrics: say how to get it before installing and building anything
if [[ " $* " == *" --backend victoriametrics "* ]] && [ -z "${VICTORIA_METRICS_BIN:-}" ] \
  && ! command -v victoria-metrics >/dev/null 2>&1; then
  echo "demo: VictoriaMetrics is not installed: apt-get install -y victoria-metrics (or set VICTORIA_METRICS_BIN)" >&2
  exit 1
fi
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec node --import tsx lib/demo/stack/cli.ts "$@"
