/** For the tests of an Istio config save (object.test.ts, lib/query/save-calls.test.ts). */
import 'server-only';
import type * as Schema from '@/lib/istio/schema';

/**
 * The schema module `real` with `validateIstioSchema` counting, in `counter.passes`, the calls Meshscope's save makes
 * (those with lib/server/istio-config/object.ts on the stack). The demo API validates each Istio write with the same
 * function, as Kubernetes' admission would; those calls (in its own request handler) are not Meshscope's and are not
 * counted. For `vi.mock('@/lib/istio/schema', ...)`, with `counter` from `vi.hoisted`.
 */
export function countingSchema(real: typeof Schema, counter: { passes: number }): typeof Schema {
  return {
    ...real,
    validateIstioSchema: (...args: Parameters<typeof real.validateIstioSchema>) => {
      if (new Error().stack?.includes('istio-config/object.ts')) counter.passes++;
      return real.validateIstioSchema(...args);
    },
  };
}
