import { describe, expect, it } from 'vitest';
import { object } from '../testdata/objects';
import { routingFromForm } from './routing';
import { sampleObject, shiftRows } from './test-helpers';
import {
  applyTcpShifting,
  applyTrafficShifting,
  defaultHttpRule,
  deleteCandidates,
  evenSplit,
  markWizard,
  ruleOptionsRules,
  tcpPortChoices,
  writeVerb,
  initialRouting,
  routingErrors,
  serviceVersions,
  shiftingState,
  weightErrors,
  type ServiceTarget,
} from './wizards';

const reviews: ServiceTarget = {
  namespace: 'bookinfo',
  name: 'reviews',
  workloads: ['v1', 'v2', 'v3'].map((v) => ({ name: `reviews-${v}`, labels: { app: 'reviews', version: v } })),
};
/** tcp-echo (Istio's TCP traffic shifting task) with its two versions; single-port unless a test adds ports. */
const TCP_ECHO: ServiceTarget = {
  namespace: 'tcp-echo',
  name: 'tcp-echo',
  workloads: ['v1', 'v2'].map((v) => ({ name: `tcp-echo-${v}`, labels: { version: v } })),
};
/** A service with neither a VirtualService nor a DestinationRule yet. */
const NO_OBJECTS = { virtualService: null, destinationRule: null };
const sample = (file: string) => sampleObject(`bookinfo/networking/${file}`);

describe('service wizards', () => {
  it('derives subsets from version labels', () => {
    expect(serviceVersions(reviews)).toEqual(['v1', 'v2', 'v3']);
    const form = initialRouting(reviews, NO_OBJECTS);
    expect(form.destinationRule?.subsets?.map((s) => s.name)).toEqual(['v1', 'v2', 'v3']);
    expect(form.virtualService).toMatchObject({ name: 'reviews', namespace: 'bookinfo', hosts: ['reviews'] });
  });

  it('keeps an existing DestinationRule and only adds missing version subsets', () => {
    const dr = object('DestinationRule', 'reviews', {
      host: 'reviews',
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } }],
    });
    const form = initialRouting(reviews, { virtualService: null, destinationRule: dr });
    const out = routingFromForm(form, { virtualService: null, destinationRule: dr }).destinationRule!;
    expect((out.spec as { subsets: unknown[] }).subsets).toEqual([
      dr.spec.subsets[0],
      { name: 'v2', labels: { version: 'v2' } },
      { name: 'v3', labels: { version: 'v3' } },
    ]);
  });

  it('Traffic Shifting 100% to v3 writes a single route to v3', () => {
    const form = initialRouting(reviews, NO_OBJECTS);
    const shifted = applyTrafficShifting(form, 'reviews', {
      rows: shiftRows(['v1', 0], ['v2', 0], ['v3', 100]),
      mirrorPercent: 100,
    });
    const vs = routingFromForm(shifted, NO_OBJECTS).virtualService!;
    expect(vs).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'bookinfo' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v3' } }] }] },
    });
    expect(routingErrors(shifted)).toEqual([]);
  });

  it('Traffic Shifting with a mirror writes weights, mirror and mirrorPercentage', () => {
    const form = initialRouting(reviews, NO_OBJECTS);
    const shifted = applyTrafficShifting(form, 'reviews', {
      rows: shiftRows(['v1', 80], ['v2', 20], ['v3', 0, true]),
      mirrorPercent: 10,
    });
    const vs = routingFromForm(shifted, NO_OBJECTS).virtualService!;
    expect((vs.spec as { http: unknown[] }).http).toEqual([
      {
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 80 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: 20 },
        ],
        mirror: { host: 'reviews', subset: 'v3' },
        mirrorPercentage: { value: 10 },
      },
    ]);
  });

  it('reads weights back from a VirtualService (80/20 sample)', () => {
    const vs = sample('virtual-service-reviews-80-20.yaml');
    const form = initialRouting(reviews, { virtualService: vs, destinationRule: null });
    expect(shiftingState(form, ['v1', 'v2', 'v3']).rows.map((r) => r.weight)).toEqual([80, 20, 0]);
    const single = initialRouting(reviews, {
      virtualService: sample('virtual-service-reviews-v3.yaml'),
      destinationRule: null,
    });
    expect(shiftingState(single, ['v1', 'v2', 'v3']).rows.map((r) => r.weight)).toEqual([0, 0, 100]);
  });

  it('weights must sum to 100, one mirror at most', () => {
    expect(weightErrors({ rows: evenSplit(['v1', 'v2', 'v3']), mirrorPercent: 100 })).toEqual([]);
    expect(evenSplit(['a', 'b', 'c']).map((r) => r.weight)).toEqual([34, 33, 33]);
    expect(
      weightErrors({
        rows: shiftRows(['v1', 50], ['v2', 40]),
        mirrorPercent: 100,
      }),
    ).toEqual(['Weights must add up to 100 (now 90)']);
    expect(
      weightErrors({
        rows: shiftRows(['v1', 100], ['v2', 0, true], ['v3', 0, true]),
        mirrorPercent: 100,
      }),
    ).toContain('Only one subset can be mirrored');
  });

  it('TCP Traffic Shifting writes tcp routes', () => {
    const form = applyTcpShifting(initialRouting(TCP_ECHO, NO_OBJECTS), 'tcp-echo', {
      rows: shiftRows(['v1', 80], ['v2', 20]),
      mirrorPercent: 100,
    });
    const vs = routingFromForm(form, NO_OBJECTS).virtualService!;
    expect((vs.spec as { tcp: unknown }).tcp).toEqual([
      {
        route: [
          { destination: { host: 'tcp-echo', subset: 'v1' }, weight: 80 },
          { destination: { host: 'tcp-echo', subset: 'v2' }, weight: 20 },
        ],
      },
    ]);
  });

  it('reports rule problems: weights, unknown subsets, fault and timeout values', () => {
    const form = initialRouting(reviews, NO_OBJECTS);
    form.virtualService!.http = [
      {
        route: [
          { host: 'reviews', subset: 'v9', weight: 50 },
          { host: 'reviews', subset: 'v1', weight: 40 },
        ],
        fault: { abort: { percent: 120, httpStatus: 503 } },
        timeout: '2 seconds',
      },
    ];
    expect(routingErrors(form)).toEqual([
      'Rule 1: weights must add up to 100 (now 90)',
      'Rule 1: subset v9 is not defined in the DestinationRule',
      'Rule 1: abort percentage must be from 0 to 100',
      'Rule 1: timeout must be a duration like 2s',
    ]);
  });
});

describe('wizard fixes of issue 16', () => {
  const tcpEcho: ServiceTarget = {
    ...TCP_ECHO,
    ports: [
      { name: 'tcp', port: 9000, protocol: 'TCP', appProtocol: null },
      { name: 'tcp-other', port: 9001, protocol: 'TCP', appProtocol: null },
    ],
  };

  it('TCP shifting on a two-port service binds the rule and every destination to the chosen port', () => {
    const form = initialRouting(tcpEcho, NO_OBJECTS);
    const state = shiftingState(form, ['v1', 'v2'], 'tcp', tcpPortChoices(tcpEcho));
    expect(state.port).toBe(9000);
    const next = applyTcpShifting(form, 'tcp-echo', {
      ...state,
      rows: shiftRows(['v1', 80], ['v2', 20]),
    });
    const vs = routingFromForm(next, NO_OBJECTS).virtualService!;
    expect((vs.spec as { tcp: unknown }).tcp).toEqual([
      {
        match: [{ port: 9000 }],
        route: [
          { destination: { host: 'tcp-echo', subset: 'v1', port: { number: 9000 } }, weight: 80 },
          { destination: { host: 'tcp-echo', subset: 'v2', port: { number: 9000 } }, weight: 20 },
        ],
      },
    ]);
    // switching to 9001 adds that port's rule and keeps 9000's
    const both = applyTcpShifting(next, 'tcp-echo', { ...state, port: 9001, rows: evenSplit(['v1', 'v2']) });
    expect(both.virtualService!.tcp!.map((r) => r.match?.[0]?.port)).toEqual([9001, 9000]);
    expect(shiftingState(both, ['v1', 'v2'], 'tcp', [9000, 9001]).rows.map((r) => r.weight)).toEqual([50, 50]);
  });

  it('reads an existing port-bound TCP rule back (the sample tcp-echo-20-v2 form)', () => {
    const match = [{ port: 9000, sourceLabels: { app: 'curl' } }];
    const to = (subset: string, weight: number) => ({
      destination: { host: 'tcp-echo', port: { number: 9000 }, subset },
      weight,
    });
    const vs = object(
      'VirtualService',
      'tcp-echo',
      { hosts: ['tcp-echo'], tcp: [{ match, route: [to('v1', 80), to('v2', 20)] }] },
      'tcp-echo',
    );
    const form = initialRouting(tcpEcho, { virtualService: vs, destinationRule: null });
    const state = shiftingState(form, ['v1', 'v2'], 'tcp', [9000, 9001]);
    expect(state).toMatchObject({ port: 9000, rows: [{ weight: 80 }, { weight: 20 }] });
    // round trip keeps the sourceLabels the form does not edit
    expect(routingFromForm(form, { virtualService: vs, destinationRule: null }).virtualService).toEqual(vs);
  });

  it('Fault Injection and Timeouts start from a catch-all rule to the service when there is none', () => {
    const form = initialRouting(reviews, NO_OBJECTS);
    expect(ruleOptionsRules(form, 'reviews')).toEqual([{ route: [{ host: 'reviews' }] }]);
    form.virtualService!.http = [{ route: [{ host: 'reviews', subset: 'v1' }] }];
    expect(ruleOptionsRules(form, 'reviews')).toBe(form.virtualService!.http);
    expect(
      routingErrors({ ...form, virtualService: { ...form.virtualService!, http: [defaultHttpRule('reviews')] } }),
    ).toEqual([]);
  });

  it('the button reads Create… when every object written is new', () => {
    expect(writeVerb([{ original: null }])).toBe('Create…');
    expect(writeVerb([{ original: {} }, { original: null }])).toBe('Create and update…');
    expect(writeVerb([{ original: {} }])).toBe('Update…');
  });

  it('Delete offers every routing object but checks only those a wizard created', () => {
    const created = markWizard({ kind: 'VirtualService', metadata: { name: 'reviews' } }, 'fault-injection', true);
    const edited = markWizard({ kind: 'DestinationRule', metadata: { name: 'reviews' } }, 'traffic-policy');
    const sample = { kind: 'DestinationRule', metadata: { name: 'ratings' } };
    expect(deleteCandidates([created, edited, sample, null])).toEqual([
      { kind: 'VirtualService', name: 'reviews', checked: true, note: 'created by a wizard' },
      {
        kind: 'DestinationRule',
        name: 'reviews',
        checked: false,
        note: 'existed before a wizard edited it: not created by a wizard',
      },
      { kind: 'DestinationRule', name: 'ratings', checked: false, note: 'not written by a wizard' },
    ]);
  });
});
