import { MeshscopeError } from './index';

/** For tests: the MeshscopeError a promise rejects with; fails when it resolves or rejects with anything else. */
export async function rejection(p: Promise<unknown>): Promise<MeshscopeError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MeshscopeError) return err;
    throw err;
  }
  throw new Error('expected a rejection with a MeshscopeError');
}
