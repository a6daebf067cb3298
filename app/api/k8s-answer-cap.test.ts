import { describe, expect, it } from 'vitest';
import { GET as healthHandler } from '@/app/api/health/route';
import { GET as workloadsHandler } from '@/app/api/workloads/route';
import { pageRequest, route, authTestEnvForFile } from '@/lib/auth/test-helpers';

/** K8S_MAX_BYTES through a route (issue 12): the demo cluster's lists are larger than a 2 KiB cap. */
const workloads = route(workloadsHandler);
authTestEnvForFile({ AUTH_STRATEGY: 'anonymous', K8S_MAX_BYTES: '2048' });

describe('a Kubernetes answer over K8S_MAX_BYTES', () => {
  it('answers 502 too_large:k8s naming the variable, and the server keeps answering /api/health', async () => {
    const res = await workloads(pageRequest('/api/workloads?namespaces=bookinfo&health=false'));
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string; maxBytes: number } };
    expect(body.error).toMatchObject({ code: 'too_large:k8s', maxBytes: 2048 });
    expect(body.error.message).toContain('K8S_MAX_BYTES');
    expect((await healthHandler()).status).toBe(200);
  });
});
