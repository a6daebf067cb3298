/**
 * The folder layout as a rule (README "Development"): no folder imports another in a circle, and the browser/server
 * line holds (components and lib/query never reach a server folder). Imports are read from the source text and
 * resolved like TypeScript (the `@/` alias and relative paths, `.ts`/`.tsx`/`index.ts`); test files and test data are
 * left out (`*.test.ts`, `test-*.ts` helpers such as the demo test cluster), as they may reach across folders to set up a scenario.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx|mts|mjs)$/;
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+|require\(\s*)['"]([^'"\n]+)['"]/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'testdata') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (SOURCE.test(e.name) && !/\.test\.tsx?$|^test-[a-z-]+\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** `lib/server/<feature>` and `lib/demo/<part>` are folders of their own; elsewhere the first level under lib/. */
export function folderOf(file: string): string {
  const parts = path.relative(ROOT, file).split(path.sep);
  if (parts[0] !== 'lib' || parts.length < 3) return parts[0] === 'lib' ? 'lib' : (parts[0] ?? '');
  const deep = parts[1] === 'server' || parts[1] === 'demo';
  return (deep && parts.length > 3 ? parts.slice(0, 3) : parts.slice(0, 2)).join('/');
}

/** Folder → folders it imports, with one example import per edge. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const files = ['app', 'components', 'lib', 'e2e', 'scripts'].flatMap((d) => sourceFiles(path.join(ROOT, d)));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(file, m[1] ?? '');
      if (!target) continue;
      const a = folderOf(file);
      const b = folderOf(target);
      if (a === b) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      graph.get(a)!.set(b, `${path.relative(ROOT, file)} → ${m[1]}`);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

const SERVER_FOLDERS = /^lib\/(server(\/|$)|prometheus|jaeger|k8s|auth|config|log|security|demo)/;

describe('folder layout', () => {
  const graph = folderGraph();

  it('has no folder that imports another in a circle', () => {
    const found = cycles(graph).map((scc) =>
      scc.map(
        (a) =>
          `${a} -> ${scc
            .filter((b) => graph.get(a)?.has(b))
            .map((b) => `${b} (${graph.get(a)!.get(b)})`)
            .join(', ')}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it('keeps components and lib/query off the server folders', () => {
    const crossing = [...graph]
      .filter(([a]) => a === 'components' || a === 'lib/query')
      .flatMap(([a, targets]) =>
        [...targets].filter(([b]) => SERVER_FOLDERS.test(b)).map(([, example]) => `${a}: ${example}`),
      );
    expect(crossing).toEqual([]);
  });

  it('finds a cycle and a crossing when there is one (the checks can fail)', () => {
    const g = new Map([
      ['lib/graph', new Map([['lib/promql', 'x']])],
      ['lib/promql', new Map([['lib/graph', 'y']])],
    ]);
    expect(cycles(g)).toEqual([['lib/graph', 'lib/promql']]);
    expect(folderOf(path.join(ROOT, 'lib/server/graph/route.ts'))).toBe('lib/server/graph');
    expect(folderOf(path.join(ROOT, 'lib/demo/traffic/engine.ts'))).toBe('lib/demo/traffic');
    expect(folderOf(path.join(ROOT, 'components/graph/canvas.tsx'))).toBe('components');
  });

  it('fails lint for a server import from a component, by alias and by relative path', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const code =
      "import { getKubeClients } from '@/lib/k8s/client';\nimport { handle } from '../../lib/server/http/respond';\nexport const x = [getKubeClients, handle];\n";
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, 'components/graph/probe.ts') });
    const restricted = result?.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.line);
    expect(restricted).toEqual([1, 2]);
  }, 60_000);

  it('fails lint for a pure folder that imports a server folder or a component', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const code =
      "import { appOf } from '../k8s/model';\nimport { sel } from '@/components/test-ids';\nexport const y = [appOf, sel];\n";
    const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, 'lib/graph/probe.ts') });
    const lines = new Set(result?.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.line));
    expect([...lines].sort()).toEqual([1, 2]);
  }, 60_000);
});
