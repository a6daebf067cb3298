#!/usr/bin/env bash
# npm run demo: install what is missing, build, then start the demo mesh, Prometheus and the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/build.sh
exec node --import tsx lib/demo/stack/cli.ts "$@"
