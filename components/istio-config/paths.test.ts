import { describe, expect, it } from 'vitest';
import { istioObjectPath } from './paths';

describe('istioObjectPath', () => {
  it('names namespace, plural and name, and keeps the query only when there is one', () => {
    expect(istioObjectPath('bookinfo', 'virtualservices', 'reviews', '')).toBe(
      '/istio/bookinfo/virtualservices/reviews',
    );
    expect(istioObjectPath('bookinfo', 'httproutes', 'r', 'namespaces=bookinfo&duration=300')).toBe(
      '/istio/bookinfo/httproutes/r?namespaces=bookinfo&duration=300',
    );
  });
});
