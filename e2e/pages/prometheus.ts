import { E2E_PORTS } from '../stack';

/** The e2e stack's Prometheus (it scrapes the demo mesh every 5 s). */
export const PROM = `http://127.0.0.1:${E2E_PORTS.prometheus}`;

/**
 * One instant query (at `time`, unix seconds, when given; else now) on `prometheus` (default the stack's): the result
 * vector as `label set → value`.
 */
export async function promVector(
  query: string,
  time?: number,
  prometheus = PROM,
): Promise<{ metric: Record<string, string>; value: number }[]> {
  const at = time === undefined ? '' : `&time=${time}`;
  const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}${at}`);
  if (!res.ok) throw new Error(`Prometheus ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/**
 * The sum of an instant query's values (0 when the result is empty), at `time` (unix seconds) when given, on
 * `prometheus` (default the stack's).
 */
export async function promSum(query: string, time?: number, prometheus = PROM): Promise<number> {
  return (await promVector(query, time, prometheus)).reduce((s, r) => s + r.value, 0);
}
