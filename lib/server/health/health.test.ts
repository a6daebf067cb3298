import { describe, expect, it } from 'vitest';
import { computeNamespacesHealth, countStatuses, type Sample } from './health';
import { bookinfoInventory } from '@/lib/server/testdata/bookinfo';

const NS = ['bookinfo', 'tcp-echo', 'istio-system'];

/** A maker of request samples (response code, rate in requests/s) whose identity labels `labels` gives. */
const samples =
  (labels: (name: string, other: string) => Record<string, string>) =>
  (name: string, other: string, code: string, rps: number, protocol = 'http'): Sample => ({
    metric: { ...labels(name, other), request_protocol: protocol, response_code: code },
    value: rps,
  });
/** A source-reported sample into a bookinfo workload (workload, canonical service). */
const inbound = samples((workload, canonical) => ({
  destination_workload_namespace: 'bookinfo',
  destination_workload: workload,
  destination_canonical_service: canonical,
}));
/** A sample into a bookinfo service (service, workload). */
const toService = samples((service, workload) => ({
  destination_service_namespace: 'bookinfo',
  destination_service_name: service,
  destination_workload: workload,
}));
/** A sample out of a bookinfo workload (workload, canonical service). */
const outbound = samples((workload, canonical) => ({
  source_workload_namespace: 'bookinfo',
  source_workload: workload,
  source_canonical_service: canonical,
}));

/** 5 requests/s of 503s out of tcp-echo's curl (a workload without a sidecar in the fixture). */
const CURL_503: Sample = {
  metric: {
    source_workload_namespace: 'tcp-echo',
    source_workload: 'curl',
    source_canonical_service: 'curl',
    request_protocol: 'http',
    response_code: '503',
  },
  value: 5,
};

/** Steady bookinfo traffic, all 200s. */
function healthySamples() {
  return {
    inbound: [
      inbound('productpage-v1', 'productpage', '200', 10),
      inbound('reviews-v2', 'reviews', '200', 4),
      inbound('ratings-v1', 'ratings', '200', 6),
    ],
    services: [
      toService('productpage', 'productpage-v1', '200', 10),
      toService('reviews', 'reviews-v2', '200', 4),
      toService('ratings', 'ratings-v1', '200', 6),
    ],
    outbound: [outbound('productpage-v1', 'productpage', '200', 14)],
  };
}

describe('computeNamespacesHealth', () => {
  it('healthy traffic and ready pods: Healthy, with rates and a 0 error ratio', () => {
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples: healthySamples() });
    const pp = h.bookinfo!.apps.productpage!;
    expect(pp.status).toBe('Healthy');
    expect(pp.errorRatio).toBe(0);
    expect(pp.requestsPerSecond).toBe(24); // 10 in + 14 out
    expect(h.bookinfo!.services.ratings!.status).toBe('Healthy');
    expect(h.bookinfo!.workloads['reviews-v2']!.requests!.inbound).toEqual({ http: { '200': 4 } });
  });

  it('a 50% abort on ratings (reported by the caller, no destination workload) fails the ratings service and app', () => {
    const samples = healthySamples();
    samples.services.push(toService('ratings', 'unknown', '500', 6));
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples });
    expect(h.bookinfo!.services.ratings!.status).toBe('Failure');
    expect(h.bookinfo!.services.ratings!.errorRatio).toBe(0.5);
    expect(h.bookinfo!.apps.ratings!.status).toBe('Failure');
    expect(h.bookinfo!.apps.ratings!.errorRatio).toBe(0.5);
    // Kiali's rule for workloads: such requests cannot be pinned on one workload
    expect(h.bookinfo!.workloads['ratings-v1']!.status).toBe('Healthy');
  });

  it('any 5xx degrades (Kiali default tolerance 5XX: degraded 0, failure 10%)', () => {
    const samples = healthySamples();
    samples.inbound.push(inbound('reviews-v2', 'reviews', '503', 0.2)); // 4.8%
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples });
    expect(h.bookinfo!.workloads['reviews-v2']!.status).toBe('Degraded');
    expect(h.bookinfo!.workloads['reviews-v2']!.errorRatio).toBeCloseTo(0.2 / 4.2, 6);
    expect(h.bookinfo!.apps.reviews!.status).toBe('Degraded');
    expect(h.bookinfo!.workloads['reviews-v1']!.status).toBe('Healthy');
  });

  it('4xx below 10% stays Healthy; gRPC status 14 at 10% fails', () => {
    const samples = healthySamples();
    samples.inbound.push(inbound('productpage-v1', 'productpage', '404', 0.5));
    const grpc = (status: string, rps: number): Sample => ({
      metric: { ...inbound('details-v1', 'details', '200', rps, 'grpc').metric, grpc_response_status: status },
      value: rps,
    });
    samples.inbound.push(grpc('0', 9), grpc('14', 1));
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples });
    expect(h.bookinfo!.workloads['productpage-v1']!.status).toBe('Healthy');
    expect(h.bookinfo!.workloads['details-v1']!.status).toBe('Failure');
    expect(h.bookinfo!.workloads['details-v1']!.requests!.inbound).toEqual({ grpc: { '0': 9, '14': 1 } });
  });

  it('a workload with no available pod is Failure whatever its traffic; scaled to 0 is Not Ready', () => {
    const inv = bookinfoInventory();
    inv.workloads.find((w) => w.name === 'details-v1')!.availableReplicas = 0;
    Object.assign(
      inv.workloads.find((w) => w.name === 'reviews-v3')!,
      { desiredReplicas: 0, currentReplicas: 0, availableReplicas: 0 },
    );
    const h = computeNamespacesHealth({ inventory: inv, namespaces: NS, samples: healthySamples() });
    expect(h.bookinfo!.workloads['details-v1']!.status).toBe('Failure');
    expect(h.bookinfo!.workloads['details-v1']!.podStatus).toBe('Failure');
    expect(h.bookinfo!.apps.details!.status).toBe('Failure');
    expect(h.bookinfo!.workloads['reviews-v3']!.status).toBe('Not Ready');
  });

  it('ignores requests of workloads without a sidecar (Kiali PR #6379)', () => {
    const samples = healthySamples();
    samples.outbound.push(CURL_503);
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples });
    expect(h['tcp-echo']!.workloads.curl!.status).toBe('Healthy');
    expect(h['tcp-echo']!.workloads.curl!.requestsPerSecond).toBe(0);
  });

  it('counts requests of ambient workloads (no sidecar, captured by ztunnel): they are in the mesh', () => {
    const samples = healthySamples();
    samples.outbound.push(CURL_503);
    const inventory = bookinfoInventory();
    const curl = inventory.workloads.find((w) => w.name === 'curl')!;
    expect(curl.sidecarInjected).toBe(false);
    curl.ambient = true;
    const h = computeNamespacesHealth({ inventory, namespaces: NS, samples });
    expect(h['tcp-echo']!.workloads.curl!.status).toBe('Failure');
    expect(h['tcp-echo']!.workloads.curl!.requestsPerSecond).toBe(5);
  });

  it('with Prometheus down: request health unknown (null), pod health only, services NA — never Healthy by default', () => {
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples: null });
    const w = h.bookinfo!.workloads['ratings-v1']!;
    expect(w.status).toBe('Healthy');
    expect(w.requestStatus).toBeNull();
    expect(w.requests).toBeNull();
    expect(w.requestsPerSecond).toBeNull();
    expect(h.bookinfo!.services.ratings!.status).toBe('NA');
  });

  it('no traffic: request status NA and error ratio null, status from pods', () => {
    const h = computeNamespacesHealth({
      inventory: bookinfoInventory(),
      namespaces: NS,
      samples: { inbound: [], services: [], outbound: [] },
    });
    expect(h.bookinfo!.services.details!.status).toBe('NA');
    expect(h.bookinfo!.services.details!.errorRatio).toBeNull();
    expect(h.bookinfo!.apps.details!.requestStatus).toBe('NA');
    expect(h.bookinfo!.apps.details!.status).toBe('Healthy');
  });

  it('only fills the namespaces asked for', () => {
    const h = computeNamespacesHealth({
      inventory: bookinfoInventory(),
      namespaces: ['tcp-echo'],
      samples: healthySamples(),
    });
    expect(Object.keys(h)).toEqual(['tcp-echo']);
    expect(Object.keys(h['tcp-echo']!.apps).sort()).toEqual(['curl', 'tcp-echo']);
  });

  it('counts statuses with every status present', () => {
    const h = computeNamespacesHealth({ inventory: bookinfoInventory(), namespaces: NS, samples: healthySamples() });
    expect(countStatuses(Object.values(h.bookinfo!.services))).toEqual({
      Failure: 0,
      Degraded: 0,
      'Not Ready': 0,
      Healthy: 3,
      NA: 1,
    });
  });
});
