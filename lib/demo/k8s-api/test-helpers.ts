import * as k8s from '@kubernetes/client-node';
import type { Status } from './status';

/** For the demo API tests: the Status a client-node call failed with (the client throws ApiException with the body). */
export async function failure(call: Promise<unknown>): Promise<{ code: number; status: Status }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof k8s.ApiException) return { code: err.code, status: JSON.parse(err.body as string) as Status };
    throw err;
  }
  throw new Error('expected the call to fail');
}
