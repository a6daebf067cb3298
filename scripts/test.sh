#!/usr/bin/env bash
# npm test: lint, typecheck, unit tests (vitest), build, end-to-end tests (Playwright against the demo mesh and a real
# Prometheus; then e2e/multicluster against the two-cluster demo, E2E_CLUSTERS=east,west). Every step runs even when an
# earlier one fails; the last line is the totals: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --browser || exit 1
mkdir -p .test-results
rm -f .test-results/*.json
passed=0; failed=0
step() { # name, command...: a step that is one check (lint, typecheck, build)
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed+1)); echo "--- $name: ok"; else failed=$((failed+1)); echo "--- $name: FAILED"; fi
}
count() { # json file, node expression over r giving "passed failed"
  node -e "
    const fs=require('fs'); let r; try { r=JSON.parse(fs.readFileSync('$1','utf8')); } catch { console.log('0 1'); process.exit(0); }
    $2" 
}

step lint npx eslint .
step format npx prettier --check --log-level warn '**/*.{ts,tsx,mjs,js,mts,css}'
step typecheck npx tsc --noEmit -p tsconfig.json

echo "=== unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json
read up uf < <(count .test-results/vitest.json "console.log(r.numPassedTests+' '+(r.numFailedTests + (r.success===false && r.numFailedTests===0 ? 1 : 0)))")
passed=$((passed+up)); failed=$((failed+uf))

step build bash scripts/build.sh
if [ -f .next/standalone/server.js ]; then
  echo "=== end-to-end tests (playwright)"
  e2e_counts="const s=r.stats||{}; console.log((s.expected||0)+(s.flaky||0)+' '+((s.unexpected||0)+((r.errors||[]).length)))"
  npx playwright test
  read ep ef < <(count .test-results/playwright.json "$e2e_counts")
  passed=$((passed+ep)); failed=$((failed+ef))
  # the multi-cluster specs (e2e/multicluster) against the two-cluster demo stack, shared and per-cluster Prometheus
  # (two projects of one run, playwright.config.ts): a second run, its own report
  echo "=== end-to-end tests, two clusters (playwright, E2E_CLUSTERS=east,west)"
  E2E_CLUSTERS=east,west npx playwright test
  read ep ef < <(count .test-results/playwright-multicluster.json "$e2e_counts")
  passed=$((passed+ep)); failed=$((failed+ef))
else
  failed=$((failed+1)); echo "--- end-to-end tests skipped: the build failed"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
