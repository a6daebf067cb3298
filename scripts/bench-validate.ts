/**
 * `npm run bench:validate [-- --objects 1000 --runs 5]` (issue 15): prints, never asserts,
 * 1. the CLI's wall time on one file of `--objects` Kubernetes and Istio objects (a Bookinfo-like mesh repeated over
 *    namespaces: Namespace, Services, Deployments, VirtualServices, DestinationRules, Gateways,
 *    AuthorizationPolicies), spawned as `npm run validate` spawns it, against the same spawn with `--help` (Node's
 *    start-up and the module loading): the difference is the validation itself;
 * 2. the same work in this process (`validateSources`: parse, schema, cross-object checks);
 * 3. the server's validation work on the same objects: the config list's `validateSnapshot` (every object of the
 *    snapshot), and `validateYaml`, the `POST /api/istio/validate` handler's function, for one object's text against
 *    that snapshot, through the real worker pool (median of `--runs` calls after one warm-up).
 * No cluster and no build needed. Median of `--runs` for each figure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';

function parseArgs(argv: string[]): { objects: number; runs: number } {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const o = { objects: get('objects', 1000), runs: get('runs', 5) };
  if (!Number.isInteger(o.objects) || o.objects < 10 || o.objects > 20_000)
    throw new Error('--objects must be 10 to 20000');
  if (!Number.isInteger(o.runs) || o.runs < 1 || o.runs > 50) throw new Error('--runs must be 1 to 50');
  return o;
}

/** A Bookinfo-like namespace: 25 objects. */
function namespaceObjects(ns: string): Record<string, unknown>[] {
  const apps = ['productpage', 'details', 'ratings', 'reviews'];
  const objects: Record<string, unknown>[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
  ];
  for (const app of apps) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, namespace: ns },
      spec: { selector: { app }, ports: [{ name: 'http', port: 9080 }] },
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: `bookinfo-${app}`, namespace: ns },
    });
    for (const version of app === 'reviews' ? ['v1', 'v2', 'v3'] : ['v1']) {
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${app}-${version}`, namespace: ns },
        spec: {
          selector: { matchLabels: { app, version } },
          template: {
            metadata: { labels: { app, version } },
            spec: { serviceAccountName: `bookinfo-${app}`, containers: [{ name: app, image: `${app}:${version}` }] },
          },
        },
      });
    }
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: app, namespace: ns },
      spec: { host: app, subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
    });
    objects.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: app, namespace: ns },
      spec: {
        hosts: [app],
        http: [
          {
            match: [{ headers: { 'end-user': { exact: 'jason' } } }],
            route: [{ destination: { host: app, subset: 'v1' } }],
          },
          { route: [{ destination: { host: app, subset: 'v1' } }] },
        ],
      },
    });
  }
  objects.push({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'bookinfo-gateway', namespace: ns },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: [`${ns}.example.com`] }],
    },
  });
  objects.push({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'ratings', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'ratings' } },
      rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/bookinfo-reviews`] } }] }],
    },
  });
  return objects;
}

function corpus(count: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < count; i++) out.push(...namespaceObjects(`shop-${i}`));
  return out.slice(0, count);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  process.env.KUBECONFIG ??= '/nonexistent';
  const objects = corpus(o.objects);
  const text = objects.map((obj) => stringify(obj)).join('---\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-bench-validate-'));
  const file = path.join(dir, 'mesh.yaml');
  writeFileSync(file, text);
  const root = path.resolve(__dirname, '..');
  const spawn = (args: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'lib/server/istio-config/cli.ts', ...args],
      { cwd: root, encoding: 'utf8' },
    );
    return { ms: performance.now() - t0, status: r.status, stdout: r.stdout };
  };
  const cliRuns: number[] = [];
  const helpRuns: number[] = [];
  let findings = 0;
  for (let i = 0; i < o.runs; i++) {
    helpRuns.push(spawn(['--help']).ms);
    const run = spawn(['-o', 'json', file]);
    if (run.status !== 0) throw new Error(`the CLI exited ${run.status}`);
    findings = (JSON.parse(run.stdout) as unknown[]).length;
    cliRuns.push(run.ms);
  }
  console.log(`objects: ${objects.length} (${(text.length / 1024).toFixed(0)} KiB of YAML), findings: ${findings}`);
  console.log(
    `CLI (npm run validate -o json FILE): median ${ms(median(cliRuns))}; start-up (--help): ${ms(median(helpRuns))}; ` +
      `beyond start-up: ${ms(median(cliRuns) - median(helpRuns))}`,
  );

  const { validateSources } = await import('@/lib/istio/validate-files');
  const { defaultResources } = await import('@/lib/istio/analyze-report');
  const inProcess: number[] = [];
  for (let i = 0; i < o.runs + 1; i++) {
    const t0 = performance.now();
    validateSources([{ name: 'mesh.yaml', text }], { defaults: defaultResources('istio-system') });
    if (i > 0) inProcess.push(performance.now() - t0); // the first run warms the JIT and the schema compiler
  }
  console.log(`in process (validateSources: parse, schema, checks): median ${ms(median(inProcess))}`);

  const { snapshotFromObjects } = await import('@/lib/istio/snapshot');
  const { validateSnapshot } = await import('@/lib/server/istio-config/validations');
  const { validateYaml, runInPool } = await import('@/lib/server/istio-config/validate');
  const { validatePool } = await import('@/lib/server/istio-config/validate-pool');
  const snapshot = snapshotFromObjects([...defaultResources('istio-system'), ...objects]);
  const list: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const t0 = performance.now();
    validateSnapshot(snapshot, 'istio-system');
    list.push(performance.now() - t0);
  }
  console.log(`server, config list (validateSnapshot of every object): median ${ms(median(list))}`);
  const edited = objects.find((x) => x.kind === 'VirtualService') ?? {};
  const request = { yaml: stringify(edited) };
  const api: number[] = [];
  for (let i = 0; i < o.runs + 1; i++) {
    // A fresh snapshot object each call, as the server's inventory changes: no cached analysis, shared anew.
    const fresh = { ...snapshot };
    const t0 = performance.now();
    await validateYaml(request, () => Promise.resolve(fresh), runInPool);
    if (i > 0) api.push(performance.now() - t0);
  }
  console.log(
    `server, POST /api/istio/validate (validateYaml, one object against the ${objects.length}, worker pool): ` +
      `median ${ms(median(api))}`,
  );
  await validatePool().close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
