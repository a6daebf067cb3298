/** Helpers for unit tests in any folder (not shipped: only `*.test.ts` files import this). */
import { MeshscopeError } from '@/lib/errors';

/**
 * The MeshscopeError `p` rejects with, for assertions on its status, code, message and details. Throws (failing the
 * test) when `p` resolves, and rethrows any other rejection as it is.
 */
export async function rejection(p: Promise<unknown>): Promise<MeshscopeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MeshscopeError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
