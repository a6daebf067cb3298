import { existsSync } from 'node:fs';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { BOOKINFO_VIEWER_TOKEN } from '@/lib/demo/k8s-api/auth-users';
import { MeshscopeError } from '@/lib/errors';
import {
  getKubeClients,
  getServerKubeClients,
  kubeCall,
  loadKubeConfig,
  resetKubeClients,
  toKubeError,
} from './client';
import { runInKubeScope } from './request-scope';
import { clientsAt, setEnv, startHttpStub, setupKubeTestEnv, userScope, DEMO_NAMESPACES } from './test-helpers';
import { rejection } from '@/lib/errors/test-helpers';
import { clientsForToken } from './token-clients';

const vs = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name },
  spec,
});

const cluster = setupKubeTestEnv({ KUBE_TIMEOUT_MS: '7000' });

describe('loadKubeConfig', () => {
  it('loads KUBECONFIG: its current cluster is the demo API', () => {
    expect(loadKubeConfig(cluster().kubeconfig).getCurrentCluster()?.server).toBe(cluster().url);
  });

  it('refuses a KUBECONFIG path that does not exist, naming it (unavailable:k8s)', () => {
    const missing = path.join(cluster().dir, 'no-such-kubeconfig');
    const err = (() => {
      try {
        loadKubeConfig(missing);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MeshscopeError);
    expect(err).toMatchObject({
      code: 'unavailable:k8s',
      status: 503,
      message: `KUBECONFIG points at ${missing}, which does not exist`,
    });
  });

  it('without KUBECONFIG uses the in-cluster service account, and says how to configure one when there is none', () => {
    if (existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token')) {
      // running inside a pod: client-node builds the in-cluster config
      expect(loadKubeConfig(undefined).getCurrentCluster()?.name).toBe('inCluster');
    } else {
      expect(() => loadKubeConfig(undefined)).toThrow(
        'No Kubernetes credentials: set KUBECONFIG or run in a cluster with a service account',
      );
    }
  });
});

describe('getServerKubeClients and getKubeClients', () => {
  it('builds the server clients once from the config (server URL, KUBE_TIMEOUT_MS), until reset', () => {
    const first = getServerKubeClients();
    expect(first.server).toBe(cluster().url);
    expect(first.timeoutMs).toBe(7000);
    expect(getServerKubeClients()).toBe(first);
    resetKubeClients();
    expect(getServerKubeClients()).not.toBe(first);
  });

  it('the server clients talk to the demo API as its admin', async () => {
    const c = getServerKubeClients();
    const names = (await kubeCall(c, () => c.core.listNamespace())).items.map((n) => n.metadata?.name).sort();
    expect(names).toEqual(DEMO_NAMESPACES);
  });

  it('anonymous strategy: outside a request the server clients, inside one the scope clients', () => {
    expect(getKubeClients()).toBe(getServerKubeClients());
    const scope = userScope(BOOKINFO_VIEWER_TOKEN);
    expect(runInKubeScope(scope, () => getKubeClients())).toBe(scope.clients);
  });

  it("token strategy: outside a request there are no clients (401 unauthorized:api), never the server's own", () => {
    setEnv({ AUTH_STRATEGY: 'token' });
    try {
      expect(() => getKubeClients()).toThrow(expect.objectContaining({ code: 'unauthorized:api', status: 401 }));
      const scope = userScope(BOOKINFO_VIEWER_TOKEN);
      expect(runInKubeScope(scope, () => getKubeClients())).toBe(scope.clients);
    } finally {
      setEnv({ AUTH_STRATEGY: 'anonymous' });
    }
  });
});

describe('kubeCall maps Kubernetes API failures to MeshscopeError codes', () => {
  it('401 (unknown token) → unauthorized:k8s, with a sign-in-again message', async () => {
    const c = clientsForToken('client-test-bad-token', 'not-a-demo-token');
    const err = await rejection(kubeCall(c, () => c.core.listNamespace()));
    expect(err).toMatchObject({
      code: 'unauthorized:k8s',
      status: 401,
      message: 'The Kubernetes API did not accept the credentials (expired or revoked token)',
    });
  });

  it("403 → forbidden:k8s keeping the API server's message", async () => {
    const c = clientsForToken('client-test-viewer', BOOKINFO_VIEWER_TOKEN);
    const err = await rejection(kubeCall(c, () => c.core.listNamespacedPod({ namespace: 'istio-system' })));
    expect(err.code).toBe('forbidden:k8s');
    expect(err.message).toBe(
      'pods is forbidden: User "bookinfo-viewer" cannot list resource "pods" in API group "" in the namespace "istio-system"',
    );
  });

  it("404 → not_found:k8s keeping the API server's message", async () => {
    const c = getServerKubeClients();
    const err = await rejection(kubeCall(c, () => c.core.readNamespace({ name: 'no-such-namespace' })));
    expect(err).toMatchObject({
      code: 'not_found:k8s',
      status: 404,
      message: 'namespaces "no-such-namespace" not found',
    });
  });

  it('409 → conflict:k8s with the Status reason', async () => {
    const c = getServerKubeClients();
    const body = { metadata: { name: 'client-test-cm' }, data: { a: '1' } };
    await kubeCall(c, () => c.core.createNamespacedConfigMap({ namespace: 'default', body }));
    const err = await rejection(kubeCall(c, () => c.core.createNamespacedConfigMap({ namespace: 'default', body })));
    expect(err).toMatchObject({
      code: 'conflict:k8s',
      status: 409,
      message: 'configmaps "client-test-cm" already exists',
      details: { reason: 'AlreadyExists' },
    });
  });

  it("422 → invalid:k8s with the API's field causes", async () => {
    const c = getServerKubeClients();
    const body = vs('client-test-vs', { hosts: 'reviews' }); // hosts must be a list
    const err = await rejection(
      kubeCall(c, () =>
        c.custom.createNamespacedCustomObject({
          group: 'networking.istio.io',
          version: 'v1',
          namespace: 'bookinfo',
          plural: 'virtualservices',
          body,
        }),
      ),
    );
    expect(err.code).toBe('invalid:k8s');
    expect(err.status).toBe(422);
    expect(err.details?.causes).toEqual([
      {
        field: 'spec.hosts',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "reviews": spec.hosts in body must be of type array: "string"',
      },
    ]);
  });

  it("400 → bad_request:k8s keeping the API server's message", async () => {
    const c = getServerKubeClients();
    const err = await rejection(
      kubeCall(c, () => c.core.listNamespacedPod({ namespace: 'bookinfo', labelSelector: 'replicas gt x' })),
    );
    expect(err.code).toBe('bad_request:k8s');
    expect(err.message).toContain('unable to parse requirement');
  });

  it('5xx → unavailable:k8s naming the server and keeping the Status message', async () => {
    const stub = await startHttpStub((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: 'etcdserver: leader changed',
          code: 500,
        }),
      );
    });
    try {
      const c = clientsAt(stub.url);
      const err = await rejection(kubeCall(c, () => c.core.listNamespace()));
      expect(err).toMatchObject({
        code: 'unavailable:k8s',
        status: 503,
        message: `Kubernetes API at ${stub.url} failed: etcdserver: leader changed`,
      });
    } finally {
      await stub.close();
    }
  });

  it('a refused connection → unavailable:k8s naming the server and the network error code', async () => {
    const stub = await startHttpStub(() => undefined);
    const url = stub.url;
    await stub.close(); // nothing listens on the port now
    const c = clientsAt(url);
    const err = await rejection(kubeCall(c, () => c.core.listNamespace()));
    expect(err.code).toBe('unavailable:k8s');
    expect(err.message).toBe(`Kubernetes API unreachable at ${url} (ECONNREFUSED)`);
  });

  it('an API that does not answer within timeoutMs → timeout:k8s', async () => {
    const stub = await startHttpStub(() => undefined); // accepts and never answers
    try {
      const c = clientsAt(stub.url, { timeoutMs: 200 });
      const err = await rejection(kubeCall(c, () => c.core.listNamespace()));
      expect(err).toMatchObject({
        code: 'timeout:k8s',
        status: 504,
        message: `Kubernetes API did not answer within 0.2 s at ${stub.url}`,
      });
    } finally {
      await stub.close();
    }
  });

  it("returns the call's value when it succeeds", async () => {
    const c = getServerKubeClients();
    expect((await kubeCall(c, () => c.core.readNamespace({ name: 'bookinfo' }))).metadata?.labels).toMatchObject({
      'istio-injection': 'enabled',
    });
  });
});

describe('toKubeError', () => {
  it('passes a MeshscopeError through unchanged', () => {
    const err = new MeshscopeError('timeout:k8s', 'slow');
    expect(toKubeError(err, 'https://k8s')).toBe(err);
  });

  it('keeps a plain-text body as the message, and says the HTTP code when there is no message', () => {
    expect(toKubeError(new k8s.ApiException(403, 'forbidden', 'plain text from a proxy', {}), 's')).toMatchObject({
      code: 'forbidden:k8s',
      message: 'plain text from a proxy',
    });
    expect(toKubeError(new k8s.ApiException(404, 'not found', undefined, {}), 's')).toMatchObject({
      code: 'not_found:k8s',
      message: 'Kubernetes API answered HTTP 404',
    });
    expect(toKubeError(new k8s.ApiException(503, 'x', { message: 'no leader' }, {}), 'https://k8s')).toMatchObject({
      code: 'unavailable:k8s',
      message: 'Kubernetes API at https://k8s failed: no leader',
    });
  });

  it('a 422 without causes carries an empty causes list', () => {
    expect(toKubeError(new k8s.ApiException(422, 'x', { message: 'bad' }, {}), 's').details).toEqual({ causes: [] });
  });

  it('a network error without a code keeps its message', () => {
    expect(toKubeError(new Error('socket hang up'), 'https://k8s').message).toBe(
      'Kubernetes API unreachable at https://k8s (socket hang up)',
    );
    expect(toKubeError({ cause: { code: 'ENOTFOUND' } }, 'https://k8s').message).toBe(
      'Kubernetes API unreachable at https://k8s (ENOTFOUND)',
    );
  });
});
