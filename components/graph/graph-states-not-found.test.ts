import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/query/fetch';
import { graphErrorText } from './graph-states';

describe('graph error text for a namespace that does not exist', () => {
  it('says not found (404), not "Not allowed"', () => {
    expect(graphErrorText(new ApiError(404, 'not_found:api', 'Namespace [nosuchns] was not found.'))).toEqual({
      title: 'Not found',
      hint: 'Namespace [nosuchns] was not found. Select namespaces that exist.',
    });
  });
});
