import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ZONE } from '@/lib/demo/seed/nodes';
import { startTestCluster, type TestCluster } from '@/lib/demo/test-cluster';
import { reviewsToSubset } from '@/lib/istio/testdata/yaml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let cluster: TestCluster;
const dir = mkdtempSync(path.join(tmpdir(), 'validate-kc-'));

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(() => cluster.stop());

/** Runs the CLI as a user would (a child process, so the in-process test cluster keeps serving). */
function validate(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'lib/server/istio-config/cli.ts', ...args],
      { cwd: ROOT },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function vs(subset: string): string {
  const file = path.join(dir, `vs-${subset}.yaml`);
  writeFileSync(file, reviewsToSubset(subset));
  return file;
}

describe('validate --kubeconfig (files applied on top of the live cluster)', () => {
  it('accepts a route to a subset the live DestinationRule defines', async () => {
    const r = await validate(['--format', 'json', '-A', '--kubeconfig', cluster.kubeconfig, vs('v3')]);
    const findings = JSON.parse(r.stdout) as { code: string; origin?: string }[];
    expect(findings.filter((f) => f.origin === 'VirtualService reviews.bookinfo')).toEqual([]);
  }, 60_000);

  it('reports a subset the live DestinationRule does not define, on its line, and exits 79', async () => {
    const r = await validate(['-n', 'bookinfo', '--kubeconfig', cluster.kubeconfig, vs('v9')]);
    expect(r.stdout).toMatch(
      /Error \[IST0101\] \(VirtualService reviews\.bookinfo .*vs-v9\.yaml:12\) Referenced host\+subset in destinationrule not found: "reviews\+v9"/,
    );
    expect(r.status).toBe(79);
  }, 60_000);

  it('analyzes namespace default unless -n or -A, as istioctl analyze on a live cluster', async () => {
    // without -n, the messages on bookinfo's objects are left out (istioctl's default namespace is `default`)
    const inDefault = await validate(['-o', 'json', '--kubeconfig', cluster.kubeconfig, vs('v9')]);
    const origins = (JSON.parse(inDefault.stdout) as { origin?: string }[]).map((m) => m.origin ?? '');
    expect(origins.filter((o) => /\.(?!default$)[a-z0-9-]+$/.test(o))).toEqual([]);
    // with -A, bookinfo's are there
    const all = await validate(['-o', 'json', '-A', '--kubeconfig', cluster.kubeconfig, vs('v9')]);
    expect(all.stdout).toContain('VirtualService reviews.bookinfo');
    // the demo's namespaces are labelled and its pods injected: no injection message on the whole live cluster
    const codes = (JSON.parse(all.stdout) as { code: string }[]).map((m) => m.code);
    expect(codes.filter((c) => ['IST0102', 'IST0103', 'IST0123'].includes(c))).toEqual([]);
    // no files: the live cluster alone (bookinfo's destination-rule-all.yaml names subsets with no pods: IST0173)
    const alone = await validate(['-o', 'json', '-n', 'bookinfo', '--kubeconfig', cluster.kubeconfig]);
    const aloneOrigins = (JSON.parse(alone.stdout) as { origin?: string }[]).map((m) => m.origin ?? '');
    expect(aloneOrigins).toContain('DestinationRule details.bookinfo');
    expect(aloneOrigins.filter((o) => !o.endsWith('.bookinfo') && !o.startsWith('Namespace '))).toEqual([]);
    const clean = await validate(['-n', 'tcp-echo', '--kubeconfig', cluster.kubeconfig]);
    expect(clean).toMatchObject({ status: 0, stdout: '' });
    expect(clean.stderr).toContain('No validation issues found when analyzing namespace: tcp-echo.');
    const missing = await validate(['-n', 'nowhere', '--kubeconfig', cluster.kubeconfig]);
    expect(missing).toMatchObject({ status: 0, stderr: 'namespace "nowhere" not found\n' });
  }, 120_000);

  it("reads the live Nodes: a subset selecting the pods' zone selects them (IST0173 only for another zone)", async () => {
    const file = path.join(dir, 'dr-zone.yaml');
    const subset = (name: string, zone: string) =>
      `{name: ${name}, labels: {version: v1, topology.kubernetes.io/zone: ${zone}}}`;
    writeFileSync(
      file,
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews-zones, namespace: bookinfo}\n' +
        `spec:\n  host: reviews\n  subsets:\n  - ${subset('here', DEMO_ZONE)}\n  - ${subset('there', 'eu-west1-c')}\n`,
    );
    const r = await validate(['-o', 'json', '-n', 'bookinfo', '--kubeconfig', cluster.kubeconfig, file]);
    const mine = (JSON.parse(r.stdout) as { code: string; origin?: string; message: string }[]).filter(
      (m) => m.origin === 'DestinationRule reviews-zones.bookinfo',
    );
    expect(mine.map((m) => [m.code, m.message.split(' ')[2]])).toEqual([['IST0173', 'there']]);
  }, 60_000);

  it('without the cluster, the same file lacks the host and its DestinationRule', async () => {
    const r = await validate(['--format', 'json', vs('v3')]);
    const codes = (JSON.parse(r.stdout) as { code: string }[]).map((f) => f.code);
    expect(codes).toContain('IST0101');
  }, 60_000);

  it('exits 1 naming the cluster problem when the kubeconfig points nowhere', async () => {
    const kc = path.join(dir, 'nowhere.kubeconfig');
    writeFileSync(
      kc,
      'apiVersion: v1\nkind: Config\nclusters: [{name: x, cluster: {server: "http://127.0.0.1:1", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: x, user: u}}]\ncurrent-context: c\n',
    );
    const r = await validate(['--kubeconfig', kc, vs('v3')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot read the cluster');
  }, 60_000);
});
