import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { authorizationPolicyFromForm, authorizationPolicyToForm } from './authorization-policy';
import type { Json } from './merge';
import { peerAuthenticationFromForm, peerAuthenticationToForm } from './peer-authentication';
import { requestAuthenticationFromForm, requestAuthenticationToForm } from './request-authentication';
import { routingFromForm, routingToForm } from './routing';

const TESTDATA = path.resolve(__dirname, '../testdata');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

const objects = [...files(path.join(TESTDATA, 'authz')), ...files(path.join(TESTDATA, 'valid-dataset'))].flatMap(
  (file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((d) => d.toJS() as Json | null)
      .filter((o): o is Json => !!o && typeof o === 'object')
      .map((o, i) => ({ label: `${path.relative(TESTDATA, file)}#${i} ${String(o.kind)}`, object: o })),
);

const MODELS: Record<string, { toForm: (o: Json) => unknown; fromForm: (f: never, original?: Json) => Json }> = {
  AuthorizationPolicy: { toForm: authorizationPolicyToForm, fromForm: authorizationPolicyFromForm },
  PeerAuthentication: { toForm: peerAuthenticationToForm, fromForm: peerAuthenticationFromForm },
  RequestAuthentication: { toForm: requestAuthenticationToForm, fromForm: requestAuthenticationFromForm },
};

const ofKinds = (kinds: string[]) => objects.filter((o) => kinds.includes(String(o.object.kind)));

// Istio's bookinfo routing samples (header matches, faults, mirrors, TLS): a wider net for the routing model.
const SAMPLES = path.resolve(__dirname, '../../demo/samples/bookinfo/networking');
const samples = files(SAMPLES).flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as Json | null)
    .filter((o): o is Json => !!o && typeof o === 'object')
    .map((o, i) => ({ label: `samples/${path.basename(file)}#${i} ${String(o.kind)}`, object: o })),
);

describe('authorization form models round-trip every fixture', () => {
  const cases = ofKinds(Object.keys(MODELS));

  it('covers the fixtures', () => {
    expect(cases.filter((c) => c.object.kind === 'AuthorizationPolicy').length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.object.kind === 'PeerAuthentication').length).toBe(2);
    expect(cases.filter((c) => c.object.kind === 'RequestAuthentication').length).toBe(2);
  });

  it.each(cases.map((c) => [c.label, c.object] as const))(
    '%s: merged onto itself, nothing changes (same key order)',
    (_, obj) => {
      const model = MODELS[String(obj.kind)]!;
      const back = model.fromForm(model.toForm(obj) as never, obj);
      expect(back).toEqual(obj);
      expect(JSON.stringify(back)).toBe(JSON.stringify(obj));
    },
  );

  it.each(cases.map((c) => [c.label, c.object] as const))('%s: the form alone holds the whole spec', (_, obj) => {
    const model = MODELS[String(obj.kind)]!;
    const shell = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
    expect(model.fromForm(model.toForm(obj) as never, shell)).toEqual(obj);
  });
});

describe('routing form model round-trips VirtualServices and DestinationRules', () => {
  const vss = [...ofKinds(['VirtualService']), ...samples.filter((o) => o.object.kind === 'VirtualService')];
  const drs = [...ofKinds(['DestinationRule']), ...samples.filter((o) => o.object.kind === 'DestinationRule')];

  it('covers the samples', () => {
    expect(vss.length).toBeGreaterThan(15);
    expect(drs.length).toBeGreaterThan(5);
  });

  // The wizards do not edit per-port traffic policies (neither do Kiali's); those survive through the merge above.
  const formScope = [...vss, ...drs].filter((c) => !JSON.stringify(c.object).includes('portLevelSettings'));
  it.each(formScope.map((c) => [c.label, c.object] as const))('%s: the form alone holds the whole spec', (_, obj) => {
    const shell = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
    const isVs = obj.kind === 'VirtualService';
    const back = routingFromForm(routingToForm(isVs ? obj : null, isVs ? null : obj), {
      virtualService: isVs ? shell : null,
      destinationRule: isVs ? null : shell,
    });
    expect(isVs ? back.virtualService : back.destinationRule).toEqual(obj);
  });

  it.each(vss.map((c) => [c.label, c.object] as const))('%s', (_, vs) => {
    const form = routingToForm(vs, null);
    const back = routingFromForm(form, { virtualService: vs, destinationRule: null });
    expect(back.virtualService).toEqual(vs);
    expect(JSON.stringify(back.virtualService)).toBe(JSON.stringify(vs));
  });

  it.each(drs.map((c) => [c.label, c.object] as const))('%s', (_, dr) => {
    const form = routingToForm(null, dr);
    const back = routingFromForm(form, { virtualService: null, destinationRule: dr });
    expect(back.destinationRule).toEqual(dr);
    expect(JSON.stringify(back.destinationRule)).toBe(JSON.stringify(dr));
  });
});
