#!/usr/bin/env bash
# Builds the standalone server, copies the static files next to it (Next does not; see reference/toolchain.md) and
# bundles the worker-thread entries (the validation pool's) into .next/standalone/workers (scripts/build-workers.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
npx next build
mkdir -p .next/standalone/.next
rm -rf .next/standalone/.next/static .next/standalone/public
cp -r .next/static .next/standalone/.next/static
[ -d public ] && cp -r public .next/standalone/public
node scripts/build-workers.mjs .next/standalone
echo "Built .next/standalone (start with: npm start)"
