import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../store/object-store';
import { podLog, resolveContainer } from './pod-logs';
import { ApiError } from './status';

const started = Date.parse('2025-01-01T10:00:00Z');
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'reviews-v2-abc-x1y2z',
    namespace: 'bookinfo',
    labels: { app: 'reviews', version: 'v2' },
    annotations: { 'sidecar.istio.io/status': '{}' },
  },
  spec: {
    containers: [
      { name: 'reviews', image: 'reviews:1' },
      { name: 'istio-proxy', image: 'proxyv2:1.24.0' },
    ],
  },
  status: { startTime: '2025-01-01T10:00:00Z', podIP: '10.244.1.7' },
};

describe('podLog', () => {
  it('is deterministic for a pod and a moment', () => {
    const now = started + 60_000;
    expect(podLog(pod, 'istio-proxy', { now }).text).toBe(podLog(structuredClone(pod), 'istio-proxy', { now }).text);
  });

  it('writes Envoy access-log lines for istio-proxy, with inbound cluster and the pod IP', () => {
    const lines = podLog(pod, 'istio-proxy', { now: started + 600_000, tailLines: 5 })
      .text.trimEnd()
      .split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect(line).toMatch(/^\[2025-01-01T10:\d\d:\d\d\.\d{3}Z\] "GET \/reviews\/0 HTTP\/1\.1" \d{3} /);
      expect(line).toContain('inbound|9080|| 127.0.0.6:');
      expect(line).toContain('"10.244.1.7:9080"');
      expect(line).toContain('outbound_.9080_.v2_.reviews.bookinfo.svc.cluster.local');
    }
  });

  it('starts with start-up lines, and honours sinceSeconds and timestamps', () => {
    expect(podLog(pod, 'istio-proxy', { now: started }).text).toContain('Envoy proxy is ready');
    expect(podLog(pod, 'istio-proxy', { now: started - 1 }).text).toBe('');
    const recent = podLog(pod, 'reviews', { now: started + 600_000, sinceSeconds: 10, timestamps: true })
      .text.trimEnd()
      .split('\n');
    expect(recent.length).toBeGreaterThanOrEqual(1);
    expect(recent.length).toBeLessThanOrEqual(7);
    for (const line of recent) {
      const stamp = Date.parse(line.split(' ')[0]!.replace(/(\.\d{3})\d+Z$/, '$1Z'));
      expect(stamp).toBeGreaterThanOrEqual(started + 590_000);
    }
  });
});

describe('resolveContainer', () => {
  it('needs a container name when the pod has several', () => {
    expect(resolveContainer(pod, 'istio-proxy')).toBe('istio-proxy');
    expect(() => resolveContainer(pod, null)).toThrow(ApiError);
    expect(() => resolveContainer(pod, 'nope')).toThrow('container nope is not valid for pod reviews-v2-abc-x1y2z');
  });
});
