import { defineConfig, devices } from '@playwright/test';
import { E2E_PORTS } from './e2e/stack';

/**
 * `E2E_CLUSTERS=east,west` runs the multi-cluster specs (e2e/multicluster/) against the two-cluster demo stack
 * (e2e/global-setup.ts) and only them; without it they are left out (the single-cluster stack cannot serve them).
 */
const MULTI_CLUSTER = !!process.env.E2E_CLUSTERS;

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
