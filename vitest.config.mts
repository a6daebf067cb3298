import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname, '.'),
      // `import 'server-only'` marks server modules for Next's bundler; its default export throws outside React's
      // server condition, so unit tests (plain Node) get its empty module, as the react-server condition would.
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
    // the inventory is listed per request (a read sees the write just before it) unless a test asks for the watch
    // cache (lib/k8s/inventory-cache.test.ts)
    env: { INVENTORY_CACHE: 'off' },
  },
});
