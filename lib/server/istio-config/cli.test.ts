import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli';
import { ALIAS_BOMB } from '@/lib/istio/testdata/yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let dir = '';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: bookinfo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reviews-v1, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: reviews, version: v1}}
  template:
    metadata: {labels: {app: reviews, version: v1}}
    spec: {containers: [{name: reviews, image: reviews:v1}]}
`;

const ROUTING = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;

const BROKEN = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: broken, namespace: bookinfo}
spec:
  hosts: [reviews]
  gateways: [mesh]
  http:
  - route:
    - destination:
        host: reviews
        subset: v9
  - route:
    - destination: {host: ratings}
      weight: 100
`;

function run(args: string[], input?: string) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'lib/server/istio-config/cli.ts', ...args],
    { cwd: ROOT, encoding: 'utf8', input },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const file = (name: string) => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'meshscope-validate-'));
  writeFileSync(file('cluster.yaml'), CLUSTER);
  writeFileSync(file('routing.yaml'), ROUTING);
  writeFileSync(file('broken.yaml'), BROKEN);
  writeFileSync(file('syntax.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: [x}\n');
  writeFileSync(file('bomb.yaml'), ALIAS_BOMB);
});

// Spawning tsx costs about a second per run, more on a busy machine: generous timeout, few spawns.
describe('validate CLI (spawned)', { timeout: 120_000 }, () => {
  it('reads several files as one cluster and exits 0 when clean', () => {
    const { status, stdout, stderr } = run([file('cluster.yaml'), file('routing.yaml')]);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `\u2714 No validation issues found when analyzing ${file('cluster.yaml')}\n${file('routing.yaml')}.\n`,
    );
    expect(status).toBe(0);
  });

  it('prints istioctl log lines (Kind name.namespace file:line) and exits 79 on errors', () => {
    const { status, stdout } = run([file('cluster.yaml'), file('routing.yaml'), file('broken.yaml')]);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(
      `Error [IST0101] (VirtualService broken.bookinfo ${file('broken.yaml')}:11) Referenced host+subset in destinationrule not found: "reviews+v9"`,
    );
    expect(lines).toContain(
      `Error [IST0101] (VirtualService broken.bookinfo ${file('broken.yaml')}:13) Referenced host not found: "ratings"`,
    );
    expect(lines.some((l) => l.startsWith('Error [IST0109] (VirtualService broken.bookinfo'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Warning [IST0130] (VirtualService broken.bookinfo'))).toBe(true);
    expect(status).toBe(79);
  });

  it("prints istioctl's JSON fields with --output json (exit 0, as istioctl with json output)", () => {
    const { status, stdout } = run(['-o', 'json', file('cluster.yaml'), file('routing.yaml'), file('broken.yaml')]);
    const findings = JSON.parse(stdout) as { path: string }[];
    expect(findings.find((f) => f.path === 'spec.http[0].route[0].destination.subset')).toEqual({
      code: 'IST0101',
      level: 'Error',
      origin: 'VirtualService broken.bookinfo',
      reference: `${file('broken.yaml')}:11`,
      message: 'Referenced host+subset in destinationrule not found: "reviews+v9"',
      documentationUrl: 'https://istio.io/latest/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze',
      path: 'spec.http[0].route[0].destination.subset',
      column: 9,
    });
    expect(status).toBe(0);
    expect(JSON.parse(run(['--output=json', file('cluster.yaml')]).stdout)).toEqual([]);
  });

  it('reports schema errors (IST0106) and exits 0 with only warnings or info', () => {
    const weight = BROKEN.replace('weight: 100', 'weight: "abc"');
    const schema = run(['-'], weight);
    expect(schema.stdout).toContain(
      'Error [IST0106] (VirtualService broken.bookinfo -:14) Schema validation error: Invalid value: "abc"',
    );
    expect(schema.status).toBe(79);
    const infoOnly = run(['-'], CLUSTER.replace('name: http, port: 9080', 'name: web, port: 9080'));
    expect(infoOnly.stdout).toContain('Info [IST0118] (Service reviews.bookinfo -:10)');
    expect(infoOnly.status).toBe(0);
  });

  it('schema/CEL-validates Gateway API documents, named by group where Istio has a kind of the same name', () => {
    const gatewayApi = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: bookinfo}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: bookinfo}
spec:
  parentRefs: [{name: bookinfo-gateway}]
  rules:
  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]
    backendRefs: [{name: reviews, port: 9080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: no-listeners, namespace: bookinfo}
spec: {gatewayClassName: istio}
`;
    const { status, stdout } = run(['-'], gatewayApi);
    expect(stdout.trim().split('\n')).toEqual([
      'Error [IST0106] (HTTPRoute reviews.bookinfo -:14) Schema validation error: Invalid value: "object": RequestRedirect filter must not be used together with backendRefs',
      // cross-object: the files declare no Service reviews (lib/istio/checks/gateway-api.ts)
      "Error [KIA1402] (HTTPRoute reviews.bookinfo -:15) Reference doesn't have a valid service (Service name not found)",
      'Error [IST0106] (Gateway no-listeners.bookinfo -:20) Schema validation error: Required value',
    ]);
    expect(status).toBe(79);
    const clean = run(['-'], gatewayApi.split('---')[0]);
    expect([clean.stdout, clean.status]).toEqual(['', 0]);
  });

  it('exits 65 (ExitDataError) with file:line:col on a YAML syntax error', () => {
    const { status, stderr, stdout } = run([file('syntax.yaml')]);
    expect(stderr).toMatch(new RegExp(`^${file('syntax.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: `));
    expect(stdout).toBe('');
    expect(status).toBe(65);
  });

  it('exits 1 on a missing file', () => {
    const missing = run([file('nope.yaml')]);
    expect(missing.stderr).toContain(`cannot read ${file('nope.yaml')}`);
    expect(missing.status).toBe(1);
  });

  it('exits 65 with one line and no stack on an alias bomb (it printed a ReferenceError stack and exited 1)', () => {
    const { status, stderr, stdout } = run([file('bomb.yaml')]);
    expect(stderr).toBe(
      `${file('bomb.yaml')}:2:8: Too many alias expansions: more than the limit of 100 (Excessive alias count indicates a resource exhaustion attack)\n`,
    );
    expect(stdout).toBe('');
    expect(status).toBe(65);
  });

  it('exits 65 with one line on empty standard input', () => {
    expect(run(['-'], '')).toEqual({
      status: 65,
      stdout: '',
      stderr: '-:1:1: empty input: no YAML document to validate\n',
    });
  });

  it('is wired as `npm run -s validate`', () => {
    const result = spawnSync('npm', ['run', '-s', 'validate', '--', file('cluster.yaml'), file('routing.yaml')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('No validation issues found');
    expect(result.status).toBe(0);
  });
});

describe('validate CLI arguments (in process)', () => {
  const call = async (args: string[]) => {
    let out = '';
    let err = '';
    const status = await main(
      args,
      (s) => (out += s),
      (s) => (err += s),
    );
    return { status, out, err };
  };

  it('exits 64 (ExitIncorrectUsage) with the usage on usage errors', async () => {
    expect(await call([])).toMatchObject({ status: 64, err: expect.stringContaining('no files given') });
    expect(await call(['--format', 'xml', 'x.yaml'])).toMatchObject({
      status: 64,
      err: expect.stringContaining('--format must be log, text, json or yaml'),
    });
    expect(await call(['--failure-threshold', 'fatal', 'x.yaml'])).toMatchObject({
      status: 64,
      err: expect.stringContaining('--failure-threshold must be Info, Warning or Error, got "fatal"'),
    });
    expect(await call(['--kubeconfig'])).toMatchObject({
      status: 64,
      err: expect.stringContaining('--kubeconfig needs a value'),
    });
    expect(await call(['--bogus', 'x.yaml'])).toMatchObject({
      status: 64,
      err: expect.stringContaining('unknown option --bogus'),
    });
  });

  it.each([
    [
      'nesting 100,000 deep',
      `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      ':1:103: The text nests mappings and lists deeper than the limit of 100 levels\n',
    ],
    ['an empty file', '', ':1:1: empty input: no YAML document to validate\n'],
    [
      'comments and document markers only',
      '# nothing\n---\n...\n',
      ':1:1: empty input: no YAML document to validate\n',
    ],
    [
      'a syntax error in each of two documents',
      'a: [\n---\nb: {\n',
      ':2:1: Flow sequence in block collection must be sufficiently indented and end with a ] (and 1 more problem)\n',
    ],
  ])('exits 65 with one line on %s', async (_, text, line) => {
    const name = file(`limits-${_.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(name, text);
    expect(await call([name])).toEqual({ status: 65, out: '', err: `${name}${line}` });
  });

  it('exits 65 before reading a file over the size limit', async () => {
    const name = file('huge.yaml');
    writeFileSync(name, `a: ${'x'.repeat(16 * 1024 * 1024)}\n`);
    expect(await call([name])).toEqual({
      status: 65,
      out: '',
      err: `validate: ${name} is larger than the limit of 16777216 bytes\n`,
    });
  });

  it('reports a document without apiVersion or kind as an error finding (exit 79), beside the others', async () => {
    const name = file('not-an-object.yaml');
    writeFileSync(name, `a: 1\n---\n${CLUSTER}---\napiVersion: v1\nmetadata: {name: x, namespace: bookinfo}\n`);
    expect(await call([name])).toEqual({
      status: 79,
      out: [
        `Error [MS0002] (${name}:1) The document has no apiVersion and kind: it is not a Kubernetes object`,
        `Error [MS0002] (${name}:23) The document has no kind: it is not a Kubernetes object`,
        '',
      ].join('\n'),
      err: '',
    });
  });

  it('filters with --suppress, --output-threshold and fails by --failure-threshold, like istioctl', async () => {
    const name = file('thresholds.yaml');
    writeFileSync(name, `${CLUSTER}---\n${ROUTING}---\n${BROKEN}`);
    const all = await call([name]);
    expect(all.status).toBe(79);
    expect(all.out).toContain('Warning [IST0130]');
    const errorsOnly = await call(['--output-threshold', 'Error', name]);
    expect(errorsOnly.out).not.toContain('Warning [');
    expect(errorsOnly.status).toBe(79);
    const suppressed = await call([
      '-S',
      'IST0101=VirtualService *.bookinfo',
      '-S',
      'IST0109=VirtualService *.bookinfo',
      name,
    ]);
    expect(suppressed.out).not.toMatch(/IST0101|IST0109/);
    expect(suppressed.status).toBe(0);
    const strict = await call([
      '--suppress=IST0101=VirtualService *',
      '--suppress=IST0109=*',
      '--failure-threshold=warning',
      name,
    ]);
    expect(strict.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^Warning \[IST0130\] \(VirtualService broken\.bookinfo /),
    ]);
    expect(strict.status).toBe(79);
    expect(await call(['-S', 'IST0101', name])).toMatchObject({
      status: 1,
      err: expect.stringContaining('not a valid suppression'),
    });
    expect((await call(['-S', 'XYZ0001=Pod *', file('cluster.yaml')])).err).toContain(
      "Warning: Supplied message code 'XYZ0001' is an unknown message code and will not have any effect.",
    );
  });

  it('adds the default ingress gateway unless --no-defaults, in --istio-namespace, named by --meshConfigFile', async () => {
    const name = file('ingress.yaml');
    writeFileSync(
      name,
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {istio: ingressgateway}\n  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]\n---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: gw, namespace: istio-gw}\nspec: {selector: {matchLabels: {istio: ingressgateway}}}\n',
    );
    expect(await call(['-i', 'istio-gw', name])).toMatchObject({ status: 0, out: '' });
    const without = await call(['--no-defaults', '-o', 'yaml', name]);
    expect(without.out).toContain('code: IST0101');
    expect(without.out).toContain('origin: Gateway web.shop');
    const mesh = file('mesh.yaml');
    writeFileSync(mesh, 'ingressControllerMode: "OFF"\n');
    expect((await call(['--meshConfigFile', mesh, name])).out).toContain('[IST0101]');
    writeFileSync(mesh, 'enableAutoMtls: maybe\n');
    expect(await call(['--meshConfigFile', mesh, name])).toMatchObject({
      status: 1,
      err: expect.stringContaining('enableAutoMtls must be true or false'),
    });
  });

  it("-n gives the files' objects without a namespace that namespace and reports only its messages, like istioctl", async () => {
    const name = file('no-namespace.yaml');
    // a route to a subset no DestinationRule defines, in no namespace; and the same in namespace bookinfo
    writeFileSync(name, `${BROKEN.replace('namespace: bookinfo', 'namespace: ""')}---\n${BROKEN}`);
    const origins = async (args: string[]) =>
      (JSON.parse((await call(['-o', 'json', ...args, name])).out) as { origin: string; code: string }[])
        .filter((m) => m.code === 'IST0101')
        .map((m) => m.origin);
    // files only, neither flag: every namespace (the object without one is in default)
    expect(new Set(await origins([]))).toEqual(
      new Set(['VirtualService broken.default', 'VirtualService broken.bookinfo']),
    );
    expect(new Set(await origins(['-A']))).toEqual(new Set(await origins([])));
    expect(new Set(await origins(['-n', 'shop']))).toEqual(new Set(['VirtualService broken.shop']));
    expect(new Set(await origins(['--namespace=bookinfo']))).toEqual(new Set(['VirtualService broken.bookinfo']));
    // Namespace messages (cluster-scoped origins) are never filtered out by -n
    const clean = await call(['-n', 'elsewhere', file('cluster.yaml'), file('routing.yaml'), file('broken.yaml')]);
    expect(clean).toMatchObject({ status: 0, out: '' });
    expect(clean.err).toContain('No validation issues found when analyzing');
    expect(await call(['-n', 'Not_A_Namespace', name])).toMatchObject({
      status: 64,
      err: expect.stringContaining('-n must be a namespace name'),
    });
    expect(await call(['-n', 'a', '-A', name])).toMatchObject({
      status: 64,
      err: expect.stringContaining('-n and -A exclude each other'),
    });
  });

  it('prints the usage and exits 0 on --help', async () => {
    expect(await call(['--help'])).toEqual({
      status: 0,
      out: expect.stringMatching(/^usage: validate \[-o /),
      err: '',
    });
  });
});
