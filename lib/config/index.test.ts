import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendHeaders, ConfigError, loadConfig } from './index';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(20001);
    expect(c.clusterName).toBe('Kubernetes');
    expect(c.istioNamespace).toBe('istio-system');
    expect(c.authStrategy).toBe('anonymous');
    expect(c.viewOnly).toBe(false);
    expect(c.frameAncestors).toEqual(["'self'"]);
    expect(c.prometheus.url).toBe('http://prometheus.istio-system:9090');
    expect(c.prometheus.retentionSeconds).toBe(15 * 86400);
    expect(c.jaeger).toBeNull();
    expect(c.sessionIdleTimeoutSeconds).toBe(30 * 60);
    expect(c.requestTimeoutMs).toBe(12_000);
    const caps = { maxBytes: 32 * 1024 * 1024, maxSeries: 100_000, concurrency: 16, queueMax: 2000 };
    expect(c.prometheus).toMatchObject(caps);
    expect(c.kube.maxBytes).toBe(64 * 1024 * 1024);
  });

  it('reads the request deadline, the answer caps and the query bounds', () => {
    const c = loadConfig({
      REQUEST_TIMEOUT_MS: '5000',
      PROMETHEUS_MAX_BYTES: '1048576',
      PROMETHEUS_MAX_SERIES: '500',
      PROMETHEUS_CONCURRENCY: '4',
      PROMETHEUS_QUEUE_MAX: '100',
      JAEGER_URL: 'http://jaeger:16686',
      JAEGER_MAX_BYTES: '2048',
      K8S_MAX_BYTES: '4096',
    });
    expect(c.requestTimeoutMs).toBe(5000);
    expect(c.prometheus).toMatchObject({ maxBytes: 1048576, maxSeries: 500, concurrency: 4, queueMax: 100 });
    expect(c.jaeger?.maxBytes).toBe(2048);
    expect(c.kube.maxBytes).toBe(4096);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '3000',
      PROMETHEUS_URL: 'http://thanos:10902/',
      PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"tenant-1"}',
      JAEGER_URL: 'http://jaeger:16686',
      JAEGER_HEADERS: '{"X-Tenant":"a"}',
      CLUSTER_NAME: 'east',
      AUTH_STRATEGY: 'token',
      VIEW_ONLY: 'true',
      ALLOWED_HOSTS: 'mesh.example.com, ops.internal',
      FRAME_ANCESTORS: "'self',https://portal.example.com",
      SESSION_IDLE_TIMEOUT: '2h',
    });
    expect(c.port).toBe(3000);
    expect(c.prometheus.url).toBe('http://thanos:10902');
    expect(c.prometheus.headers).toEqual({ 'X-Scope-OrgID': 'tenant-1' });
    expect(c.jaeger?.headers).toEqual({ 'X-Tenant': 'a' });
    expect(c.authStrategy).toBe('token');
    expect(c.viewOnly).toBe(true);
    expect(c.allowedHosts).toEqual(['mesh.example.com', 'ops.internal']);
    expect(c.frameAncestors).toEqual(["'self'", 'https://portal.example.com']);
    expect(c.sessionIdleTimeoutSeconds).toBe(7200);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '0' }).sessionIdleTimeoutSeconds).toBe(0);
    expect(loadConfig({ SESSION_IDLE_TIMEOUT: '90s' }).sessionIdleTimeoutSeconds).toBe(90);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PROMETHEUS_URL', 'ftp://x'],
    ['PROMETHEUS_URL', 'not a url'],
    ['PROMETHEUS_HEADERS', '{bad json'],
    ['PROMETHEUS_HEADERS', '{"X":1}'],
    ['AUTH_STRATEGY', 'oidc'],
    ['VIEW_ONLY', 'maybe'],
    ['ISTIO_NAMESPACE', 'Istio_System'],
    ['FRAME_ANCESTORS', '*'],
    ['PROMETHEUS_TOKEN_FILE', '/nonexistent/token'],
    ['PROMETHEUS_RETENTION', '15 days'],
    ['SESSION_IDLE_TIMEOUT', '30 minutes'],
    ['SESSION_IDLE_TIMEOUT', '30'],
    ['SESSION_IDLE_TIMEOUT', '10s'],
    ['SESSION_IDLE_TIMEOUT', '8d'],
    ['SESSION_IDLE_TIMEOUT', '-5m'],
    ['REQUEST_TIMEOUT_MS', '12s'],
    ['REQUEST_TIMEOUT_MS', '500'],
    ['PROMETHEUS_MAX_BYTES', '10'],
    ['K8S_MAX_BYTES', '1kb'],
    ['PROMETHEUS_MAX_SERIES', '0'],
    ['PROMETHEUS_CONCURRENCY', '1.5'],
    ['PROMETHEUS_QUEUE_MAX', '-1'],
  ])('refuses %s=%s with one line naming the variable', (variable, value) => {
    let err: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(`${variable}: `)).toBe(true);
    expect((err as Error).message).not.toContain('\n');
  });

  it('re-reads the bearer token file on every request (rotation)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'first\n');
    const c = loadConfig({ PROMETHEUS_TOKEN_FILE: file, PROMETHEUS_HEADERS: '{"X-Scope-OrgID":"t"}' });
    expect(backendHeaders(c.prometheus)).toEqual({ 'X-Scope-OrgID': 't', Authorization: 'Bearer first' });
    writeFileSync(file, 'second');
    expect(backendHeaders(c.prometheus).Authorization).toBe('Bearer second');
  });

  it('reads the multi-cluster settings, and takes the home kubeconfig from CLUSTERS_DIR when KUBECONFIG is unset', () => {
    expect(loadConfig({}).clusters).toEqual({
      dir: undefined,
      fromRemoteSecrets: false,
      pollIntervalMs: 15_000,
      maxClusters: 50,
      maxFileBytes: 256 * 1024,
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'meshscope-clusters-'));
    writeFileSync(path.join(dir, 'east.kubeconfig'), 'apiVersion: v1');
    const c = loadConfig({ CLUSTERS_DIR: dir, CLUSTER_NAME: 'east', CLUSTERS_FROM_REMOTE_SECRETS: 'true' });
    expect(c.clusters).toMatchObject({ dir, fromRemoteSecrets: true });
    expect(c.kube.kubeconfig).toBe(path.join(dir, 'east.kubeconfig'));
    expect(loadConfig({ CLUSTERS_DIR: dir, CLUSTER_NAME: 'east', KUBECONFIG: '/k' }).kube.kubeconfig).toBe('/k');
    expect(loadConfig({ CLUSTERS_DIR: dir, CLUSTER_NAME: 'west' }).kube.kubeconfig).toBeUndefined();
    expect(() => loadConfig({ CLUSTERS_DIR: path.join(dir, 'missing') })).toThrow(/^CLUSTERS_DIR: cannot read/);
    expect(() => loadConfig({ CLUSTERS_POLL_INTERVAL_MS: '10' })).toThrow(/^CLUSTERS_POLL_INTERVAL_MS: must be at/);
  });
});
