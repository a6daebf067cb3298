/**
 * A private copy of the built Meshscope server for the benchmark, so every size runs against the same build even
 * when someone rebuilds `.next` in the shared checkout meanwhile (a rebuild replaces the static chunks under a
 * running server, and the page then never loads).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

function buildId(standalone: string): string {
  try {
    return readFileSync(path.join(standalone, '.next/BUILD_ID'), 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * Copies `<root>/.next/standalone` to `<dest>/.next/standalone` and links `lib`, `node_modules`, `package.json` and
 * `tsconfig.json` next to it, so `dest` works as startStack's `root` (the demo mesh runs from the linked sources).
 * Returns `dest` and the build id.
 * @throws Error when there is no complete build, or it changed while being copied (a build was running: retry).
 */
export function snapshotBuild(root: string, dest: string): { root: string; buildId: string } {
  const src = path.join(root, '.next/standalone');
  if (!existsSync(path.join(src, 'server.js')) || !existsSync(path.join(src, '.next/static'))) {
    throw new Error('Meshscope is not built (no .next/standalone with its static files): run `npm run build` first');
  }
  const before = buildId(src);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(path.join(dest, '.next'), { recursive: true });
  cpSync(src, path.join(dest, '.next/standalone'), { recursive: true, verbatimSymlinks: true });
  const after = buildId(src);
  if (!before || before !== after || buildId(path.join(dest, '.next/standalone')) !== before) {
    throw new Error(
      `the build in .next changed while it was being copied (${before || '?'} → ${after || '?'}): a build is running, try again when it is done`,
    );
  }
  for (const name of ['lib', 'node_modules', 'package.json', 'tsconfig.json'])
    symlinkSync(path.join(root, name), path.join(dest, name));
  return { root: dest, buildId: before };
}
