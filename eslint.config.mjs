import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const serverOnly = ['@/lib/k8s', '@/lib/k8s/*', '@/lib/prometheus', '@/lib/prometheus/*', '@/lib/jaeger', '@/lib/jaeger/*', '@/lib/config', '@/lib/config/*', '@/lib/demo', '@/lib/demo/*'];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    files: ['components/**/*.{ts,tsx}', 'lib/query/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: serverOnly, message: 'Browser code gets data only through /api/* (lib/query); server backends stay on the server.' }],
      }],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@/app/*', '@/components/*'], message: 'lib/ is below app/ and components/; it may not import them.' }],
      }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  globalIgnores(['.*/**', '.*.ts', '.next/**', 'out/**', 'build/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', '.demo/**', 'node_modules/**']),
]);
