import { afterEach, describe, expect, it } from 'vitest';
import { resetConfig } from '@/lib/config';
import { DELETE, PUT } from './route';

const ctx = (kind = 'virtualservices', name = 'reviews', namespace = 'bookinfo') => ({
  params: Promise.resolve({ namespace, kind, name }),
});
const URL_ = 'http://127.0.0.1:20001/api/namespaces/bookinfo/istio/virtualservices/reviews';
const headers = {
  host: '127.0.0.1:20001',
  origin: 'http://127.0.0.1:20001',
  'content-type': 'application/json',
  'x-meshscope-request': '1',
};
const put = (h: Record<string, string>, body = '{"object":{}}') =>
  new Request(URL_, { method: 'PUT', headers: h, body }) as never;

async function error(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: { code: string; parameter?: string } }).error };
}

// The route wiring: inputs and the mutation guard are checked before anything reaches Kubernetes.
describe('PUT/DELETE /api/namespaces/{ns}/istio/{kind}/{name}', () => {
  afterEach(() => {
    delete process.env.VIEW_ONLY;
    resetConfig();
  });

  it('refuses a write without the custom header (403) and a cross-origin one', async () => {
    const { 'x-meshscope-request': _h, ...noHeader } = headers;
    expect(await error(await PUT(put(noHeader), ctx()))).toMatchObject({ status: 403, code: 'forbidden:api' });
    expect(await error(await PUT(put({ ...headers, origin: 'http://evil.example' }), ctx()))).toMatchObject({
      status: 403,
    });
  });

  it('answers 400 naming the parameter for an unknown kind or a bad name', async () => {
    expect(await error(await PUT(put(headers), ctx('pods')))).toMatchObject({ status: 400, parameter: 'kind' });
    expect(await error(await PUT(put(headers), ctx('virtualservices', 'Bad_Name')))).toMatchObject({
      status: 400,
      parameter: 'name',
    });
  });

  it('takes "-" as the namespace of cluster-scoped kinds only (k8sgatewayclasses), 400 naming it otherwise', async () => {
    expect(await error(await PUT(put(headers), ctx('k8sgatewayclasses', 'istio')))).toMatchObject({
      status: 400,
      parameter: 'namespace',
    });
    expect(await error(await PUT(put(headers), ctx('k8shttproutes', 'reviews', '-')))).toMatchObject({
      status: 400,
      parameter: 'namespace',
    });
    // '-' with a cluster-scoped kind passes the path checks and fails on the (empty) body instead
    expect(await error(await PUT(put(headers), ctx('k8sgatewayclasses', 'istio', '-')))).toMatchObject({
      status: 400,
      parameter: 'body.object.apiVersion',
    });
  });

  it('answers 400 naming the field for a body that is not { object, dryRun? }', async () => {
    expect(await error(await PUT(put(headers, '{"object":{"kind":"VirtualService"}}'), ctx()))).toMatchObject({
      status: 400,
      parameter: 'body.object.apiVersion',
    });
  });

  it('answers 413 over 1 MiB', async () => {
    expect((await PUT(put(headers, `{"object":"${'x'.repeat(1024 * 1024 + 10)}"}`), ctx())).status).toBe(413);
  });

  it('refuses every write in view-only mode', async () => {
    process.env.VIEW_ONLY = 'true';
    resetConfig();
    expect(await error(await PUT(put(headers), ctx()))).toMatchObject({ status: 403, code: 'forbidden:api' });
    const del = new Request(URL_, { method: 'DELETE', headers }) as never;
    expect(await error(await DELETE(del, ctx()))).toMatchObject({ status: 403, code: 'forbidden:api' });
  });
});
