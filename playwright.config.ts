import { defineConfig, devices } from '@playwright/test';
import { E2E_PER_CLUSTER_PORTS, E2E_PORTS } from './e2e/stack';

/**
 * `E2E_CLUSTERS=east,west` runs the multi-cluster specs (e2e/multicluster/) against the two-cluster demo stack
 * (e2e/global-setup.ts) and only them; without it they are left out (the single-cluster stack cannot serve them).
 * They run as two projects: `shared-prometheus` against the main server (one Prometheus scraping every cluster), and
 * `per-cluster-prometheus` (the specs named `per-cluster*.spec.ts`) against the server whose clusters each have their
 * own Prometheus, over the same mesh: both of the demo's Prometheus modes in one run.
 */
const MULTI_CLUSTER = !!process.env.E2E_CLUSTERS;
const PER_CLUSTER_SPECS = '**/multicluster/per-cluster*.spec.ts';

/**
 * End-to-end tests drive the built app in Debian's Chromium (no browser downloads) against the demo mesh and a real
 * Prometheus, which e2e/global-setup.ts starts on their own ports and stops afterwards.
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: MULTI_CLUSTER ? '**/multicluster/**/*.spec.ts' : '**/*.spec.ts',
  testIgnore: MULTI_CLUSTER ? [] : ['**/multicluster/**'],
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['json', { outputFile: `.test-results/playwright${MULTI_CLUSTER ? '-multicluster' : ''}.json` }],
  ],
  globalSetup: './e2e/global-setup.ts',
  ...(MULTI_CLUSTER
    ? {
        projects: [
          { name: 'shared-prometheus', testIgnore: PER_CLUSTER_SPECS },
          {
            name: 'per-cluster-prometheus',
            testMatch: PER_CLUSTER_SPECS,
            use: { baseURL: `http://127.0.0.1:${E2E_PER_CLUSTER_PORTS.meshscope}` },
          },
        ],
      }
    : {}),
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://127.0.0.1:${E2E_PORTS.meshscope}`,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
