// Bundles the server's worker-thread entries into plain ESM files beside the standalone server.js (issue 12):
// `next build` compiles route code only, and the standalone folder has no TypeScript sources, so the validation
// pool's worker (lib/server/istio-config/validate-worker.ts) is bundled here with esbuild, dependencies included.
//   node scripts/build-workers.mjs [OUTDIR]    (default .next/standalone; writes OUTDIR/workers/istio-validate.mjs)
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The worker entries: output name under `workers/` → source. The pool finds them by these names. */
export const WORKERS = { 'istio-validate': 'lib/server/istio-config/validate-worker.ts' };

/**
 * Bundles every worker into `outdir/workers/NAME.mjs`: ESM for Node 20, the `@/` alias from tsconfig, the
 * react-server condition (so `server-only` is its empty module, as in Next's server bundle), and a `require` for the
 * CommonJS dependencies that need one. Resolves to the written file paths.
 */
export async function buildWorkers(outdir = path.join(ROOT, '.next', 'standalone')) {
  const outfiles = [];
  for (const [name, entry] of Object.entries(WORKERS)) {
    const outfile = path.join(outdir, 'workers', `${name}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['react-server'],
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      define: { 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
      logLevel: 'warning',
    });
    outfiles.push(outfile);
  }
  return outfiles;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildWorkers(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  for (const file of files) console.log(`Built ${path.relative(process.cwd(), file)}`);
}
