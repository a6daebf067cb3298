import { describe, expect, it } from 'vitest';
import { resourceByPlural } from '../store/resources';
import type { KubeObject } from '../store/object-store';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';
import { ApiError } from './status';

const labels = { app: 'reviews', version: 'v2', 'app.kubernetes.io/part-of': 'bookinfo', replicas: '3' };
const matches = (selector: string) => matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it.each([
    ...['app=reviews', 'app==reviews,version=v2', 'version!=v1', 'missing!=x'], // equality and inequality
    ...['version in (v1, v2)', 'absent notin (v1)', '!canary, app in (reviews)'], // set-based
    'app.kubernetes.io/part-of', // existence
    'replicas>2,replicas<4', // numeric comparison
  ])('selects the labels with %j', (selector) => {
    expect(matches(selector)).toBe(true);
  });

  it.each(['app=ratings', 'version notin (v1,v2)', '!version'])('does not select the labels with %j', (selector) => {
    expect(matches(selector)).toBe(false);
  });

  it('treats an empty selector as match-all and rejects malformed ones with 400', () => {
    expect(matches('')).toBe(true);
    expect(() => parseLabelSelector('app=re views')).toThrow(ApiError);
    expect(() => parseLabelSelector('-bad=x')).toThrow(ApiError);
  });
});

describe('field selectors', () => {
  const pods = resourceByPlural('', 'pods')!;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'bookinfo' },
    status: { phase: 'Running' },
  } as KubeObject;

  it('matches metadata.name, metadata.namespace and pod fields', () => {
    expect(matchesFields(parseFieldSelector('metadata.name=p,metadata.namespace==bookinfo', pods), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running', pods), pod)).toBe(false);
  });

  it('rejects fields the kind does not support', () => {
    const services = resourceByPlural('', 'services')!;
    expect(() => parseFieldSelector('status.phase=Running', services)).toThrow(
      'field label not supported: status.phase',
    );
  });
});
