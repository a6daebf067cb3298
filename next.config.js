// @ts-check
/** Next.js configuration. `BASE_PATH` is read at build time only (Next bakes it into the bundle). */
const basePath = process.env.BASE_PATH ?? '';
if (basePath && !/^\/[A-Za-z0-9._~\-/]*[^/]$/.test(basePath)) {
  throw new Error(`BASE_PATH must start with "/" and not end with "/" (got "${basePath}")`);
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  basePath: basePath || undefined,
  poweredByHeader: false,
  reactStrictMode: true,
  // npm test type-checks the whole project with tsc as its own step; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // piscina starts its own worker file (node_modules/piscina/dist/worker.js) by path: it must stay a package.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'piscina'],
  // The validation pool names its TypeScript worker for development; the standalone server runs workers/*.mjs instead.
  outputFileTracingExcludes: { '*': ['lib/server/istio-config/validate-worker.ts'] },
  // piscina loads @napi-rs/nice (worker priority) with a dynamic require the trace does not follow.
  outputFileTracingIncludes: {
    '/api/istio/validate': ['node_modules/@napi-rs/nice/**', 'node_modules/@napi-rs/nice-*/**'],
  },
  env: { NEXT_PUBLIC_BASE_PATH: basePath },
};

module.exports = nextConfig;
