import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { writeKubeconfig } from './kubeconfig';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeKubeconfig', () => {
  it('writes a private kubeconfig that client-node loads with the demo context, server and token', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kubeconfig-'));
    const file = path.join(dir, 'nested', 'kubeconfig');
    writeKubeconfig(file, 'http://127.0.0.1:16443');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const kc = new KubeConfig();
    kc.loadFromFile(file);
    expect(kc.getCurrentContext()).toBe('meshscope-demo');
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'meshscope-demo',
      server: 'http://127.0.0.1:16443',
      skipTLSVerify: true,
    });
    expect(kc.getCurrentUser()?.token).toBe('demo-admin-token');
    expect(parse(readFileSync(file, 'utf8'))['current-context']).toBe('meshscope-demo');
  });
});
