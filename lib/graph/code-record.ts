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

/** A new, empty record for integer-like keys (see the module comment). */
export function codeRecord<V>(): Record<string, V> {
  // an index far past any response code makes the literal's element store a dictionary; it stays one once deleted
  const out: Record<string | number, unknown> = { 16777216: 0 };
  delete out[16777216];
  return out as Record<string, V>;
}

/** The record of `entries`, in their order (integer-like keys serialise ascending either way). */
export function codeRecordOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = codeRecord<V>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}
