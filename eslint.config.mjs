import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The browser/server line is a folder line (README "Development", DESIGN.md "Layout"). `import/no-restricted-paths`
 * resolves every import (the `@/` alias and relative paths alike) before matching, so `../../lib/k8s` is caught as
 * surely as `@/lib/k8s`. One rule, one list of zones: nothing here is overridden by a later block
 * (`npx eslint --print-config FILE` shows it; `lib/architecture.test.ts` checks that a forbidden import fails lint).
 */
const SERVER = [
  './lib/server',
  './lib/prometheus',
  './lib/jaeger',
  './lib/k8s',
  './lib/auth',
  './lib/config',
  './lib/log',
  './lib/security',
  './lib/demo',
];
const BROWSER = ['./components', './lib/query'];
const PURE = [
  './lib/ambient',
  './lib/contracts',
  './lib/gateway-api',
  './lib/graph',
  './lib/health',
  './lib/istio',
  './lib/promql',
  './lib/errors',
];

const zones = [
  {
    target: BROWSER,
    from: SERVER,
    message: 'Browser code gets data only through /api/* (lib/query); server folders stay on the server.',
  },
  {
    target: PURE,
    from: [...SERVER, ...BROWSER, './app'],
    message: 'Pure domain code (both sides) may import only other pure folders and libraries.',
  },
  { target: './lib', from: './app', message: 'lib/ is below app/; it may not import it.' },
  {
    target: './lib',
    from: './components',
    except: ['./test-ids.ts'],
    message: 'lib/ is below components/; it may not import them (the test ids excepted, for the benchmark).',
  },
  {
    target: './lib/server',
    from: ['./lib/query', './lib/demo'],
    message: 'Server features read backends through their clients, not through the browser layer or the demo.',
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    ignores: ['**/*.test.ts', '**/test-helpers.ts', '**/testdata/**'],
    rules: {
      'import/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  globalIgnores([
    '.*/**',
    '.*.ts',
    '.next/**',
    'out/**',
    'build/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
    '.demo/**',
    'node_modules/**',
  ]),
]);
