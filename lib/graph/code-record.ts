/**
 * Records keyed by response codes ("200", "503", "14", "-"), as Kiali's JSON has them (`traffic.responses`,
 * `healthData.requests.inbound.http`).
 *
 * V8 keeps integer-like keys in an array-like "elements" store sized from the largest index: a plain `{}` given
 * "503" grows a ~6 KB backing store (about 10 µs and 6 KB of heap per record once it is kept), and `Object.keys`,
 * `Object.entries` and `JSON.stringify` walk it. A record whose store starts in dictionary mode holds the same
 * keys in ~200 B. A 2,000-workload graph makes tens of thousands of these records, so the difference is most of
 * the graph build's garbage collection. The result is an ordinary object: same keys, values and key order.
 */

/** An index far past any response code: writing it once turns the object's element store into a dictionary. */
const SPARSE_INDEX = 1 << 24;

/** A new, empty record for integer-like keys (see the module comment). */
export function codeRecord<V>(): Record<string, V> {
  const out: Record<string, V> = {};
  (out as Record<number, unknown>)[SPARSE_INDEX] = 0;
  delete (out as Record<number, unknown>)[SPARSE_INDEX];
  return out;
}

/** The record of `entries`, in their order (integer-like keys serialise ascending either way). */
export function codeRecordOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = codeRecord<V>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}
