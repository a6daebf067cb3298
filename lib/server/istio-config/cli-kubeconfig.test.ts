import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const r = await validate(['--format', 'json', '--kubeconfig', cluster.kubeconfig, vs('v3')]);
    const findings = JSON.parse(r.stdout) as { code: string; origin?: string }[];
    expect(findings.filter((f) => f.origin === 'VirtualService reviews.bookinfo')).toEqual([]);
  }, 60_000);

  it('reports a subset the live DestinationRule does not define, on its line, and exits 79', async () => {
    const r = await validate(['--kubeconfig', cluster.kubeconfig, vs('v9')]);
    expect(r.stdout).toMatch(
      /Error \[IST0101\] \(VirtualService reviews\.bookinfo .*vs-v9\.yaml:12\) Referenced host\+subset in destinationrule not found: "reviews\+v9"/,
    );
    expect(r.status).toBe(79);
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
