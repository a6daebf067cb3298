import { describe, expect, it } from 'vitest';
import { notFoundText } from './not-found-state';

describe('notFoundText', () => {
  it('names the missing object of a detail page', () => {
    expect(notFoundText('/namespaces/bookinfo/workloads/nope-v9', null)).toBe(
      'Workload nope-v9 was not found in namespace bookinfo (or the namespace does not exist).',
    );
  });

  it('names the namespaces of a list, graph or overview URL', () => {
    expect(notFoundText('/graph', 'nosuchns')).toBe('Namespace nosuchns does not exist (or you may not see it).');
    expect(notFoundText('/workloads', 'bookinfo,nosuchns')).toBe(
      'One of the namespaces bookinfo, nosuchns does not exist (or you may not see it).',
    );
  });

  it('never repeats text of the URL that is not a Kubernetes name (S21)', () => {
    const payload = encodeURIComponent('<img src=x onerror=alert(1)>');
    expect(notFoundText(`/x/${payload}`, null)).toBe('There is no page at this address.');
    expect(notFoundText(`/namespaces/bookinfo/workloads/${payload}`, '<b>')).toBe('This workload was not found.');
    expect(notFoundText('/graph', '<script>')).toBe('There is no page at this address.');
  });
});
