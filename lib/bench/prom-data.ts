/**
 * Data readiness for the graph benchmark: the demo mesh's namespaces (from its Kubernetes API), instant queries
 * against Prometheus' HTTP API, the live-scrape readiness wait, and scrape statistics.
 */
import { DEMO_TOKEN } from '@/lib/demo/k8s-api/kubeconfig';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The synthetic mesh's namespaces `mesh-N` (sorted by N) and when the earliest was created (ms). */
export async function meshNamespaces(kubeUrl: string): Promise<{ names: string[]; createdMs: number }> {
  const res = await fetch(`${kubeUrl}/api/v1/namespaces`, {
    headers: { authorization: `Bearer ${DEMO_TOKEN}` },
    signal: AbortSignal.timeout(15_000),
  });
  if (!res.ok) throw new Error(`demo Kubernetes API: GET /api/v1/namespaces answered ${res.status}`);
  const body = (await res.json()) as { items: { metadata: { name: string; creationTimestamp?: string } }[] };
  const mesh = body.items.filter((i) => /^mesh-\d+$/.test(i.metadata.name));
  if (mesh.length === 0) throw new Error('the demo mesh has no mesh-* namespaces (was it started with --workloads?)');
  const names = mesh.map((i) => i.metadata.name).sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const created = mesh.map((i) => Date.parse(i.metadata.creationTimestamp ?? '')).filter((t) => !Number.isNaN(t));
  return { names, createdMs: created.length ? Math.max(...created) : Date.now() };
}

/** Result rows of an instant query: labels and value. */
export type PromRow = { metric: Record<string, string>; value: number };

/**
 * Runs an instant query (`time` in unix seconds, default now) against Prometheus' HTTP API.
 * @throws Error with Prometheus' error text when the query fails.
 */
export async function promQuery(promUrl: string, query: string, time?: number): Promise<PromRow[]> {
  const q = new URLSearchParams({ query });
  if (time !== undefined) q.set('time', String(time));
  const res = await fetch(`${promUrl}/api/v1/query?${q}`, { signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  if (body.status !== 'success')
    throw new Error(`Prometheus query failed (${res.status}): ${body.error ?? 'unknown error'} — ${query}`);
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
}

/** Namespaces of `mesh-*` with a `rate()` of destination-reported requests over 60 s at `time` (≥ 2 samples). */
export async function namespacesWithRate(promUrl: string, time?: number): Promise<number> {
  const rows = await promQuery(
    promUrl,
    'count(count by (destination_workload_namespace) (rate(istio_requests_total{reporter="destination",destination_workload_namespace=~"mesh-.+"}[60s])))',
    time,
  );
  return rows[0]?.value ?? 0;
}

/** The scrape target's state (Prometheus `/api/v1/targets`). */
export interface TargetState {
  health: string;
  lastError: string;
  lastScrape: string;
  lastScrapeSeconds: number;
}

/** The first active scrape target, or null when Prometheus has none. */
export async function scrapeTarget(promUrl: string): Promise<TargetState | null> {
  const res = await fetch(`${promUrl}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as {
    data?: { activeTargets?: { health: string; lastError: string; lastScrape: string; lastScrapeDuration: number }[] };
  };
  const t = body.data?.activeTargets?.[0];
  return t
    ? { health: t.health, lastError: t.lastError, lastScrape: t.lastScrape, lastScrapeSeconds: t.lastScrapeDuration }
    : null;
}

export interface LiveWaitResult {
  ok: boolean;
  /** Why the live scrape was given up (when !ok). */
  reason: string;
  waitedSeconds: number;
  /** Longest scrape seen while waiting. */
  maxScrapeSeconds: number;
}

/**
 * Waits until the live scrape has data for a full `windowSeconds` graph: every mesh namespace has a `rate()` over
 * 60 s (≥ 2 scrapes), and the namespaces are older than the window plus `marginSeconds` (the graph API clips a
 * namespace's window to its lifetime). Gives up (ok=false) after 3 failed scrapes in a row, or when `maxSeconds`
 * pass; `log` gets a progress line about every 15 s.
 */
export async function waitForLiveData(opts: {
  promUrl: string;
  namespaces: number;
  createdMs: number;
  windowSeconds: number;
  marginSeconds: number;
  maxSeconds: number;
  log: (line: string) => void;
}): Promise<LiveWaitResult> {
  const started = Date.now();
  const readyAt = opts.createdMs + (opts.windowSeconds + opts.marginSeconds) * 1000;
  let failedScrapes = 0;
  let lastFailed = '';
  let maxScrape = 0;
  let lastLog = 0;
  let withRate = 0;
  let target: TargetState | null = null;
  for (let i = 0; Date.now() - started < opts.maxSeconds * 1000 && i < 10_000; i++) {
    try {
      target = await scrapeTarget(opts.promUrl);
      if (target) {
        maxScrape = Math.max(maxScrape, target.lastScrapeSeconds);
        if (target.health === 'down' && target.lastScrape !== lastFailed) {
          lastFailed = target.lastScrape;
          failedScrapes++;
        } else if (target.health === 'up') failedScrapes = 0;
        if (failedScrapes >= 3) {
          return {
            ok: false,
            reason: `3 scrapes in a row failed: ${target.lastError}`,
            waitedSeconds: (Date.now() - started) / 1000,
            maxScrapeSeconds: maxScrape,
          };
        }
      }
      withRate = await namespacesWithRate(opts.promUrl);
    } catch (err) {
      target = null;
      opts.log(`  (Prometheus not answering yet: ${(err as Error).message})`);
    }
    if (withRate >= opts.namespaces && Date.now() >= readyAt) {
      return { ok: true, reason: '', waitedSeconds: (Date.now() - started) / 1000, maxScrapeSeconds: maxScrape };
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      const age = Math.max(0, Math.round((Date.now() - opts.createdMs) / 1000));
      const scrape = target
        ? `target ${target.health}, last scrape ${target.lastScrapeSeconds.toFixed(2)} s`
        : 'no target yet';
      opts.log(
        `  waiting for data: ${withRate}/${opts.namespaces} namespaces have a 60 s rate, mesh age ${age} s (need ${opts.windowSeconds + opts.marginSeconds} s), ${scrape}`,
      );
    }
    await sleep(2_000);
  }
  return {
    ok: false,
    reason: `no complete data within ${opts.maxSeconds} s (${withRate}/${opts.namespaces} namespaces had a rate)`,
    waitedSeconds: (Date.now() - started) / 1000,
    maxScrapeSeconds: maxScrape,
  };
}

/** Scrape size and TSDB size figures for the report (NaN when unknown). */
export async function promFigures(
  promUrl: string,
): Promise<{ samplesPerScrape: number; headSeries: number; scrapeSeconds: number }> {
  const one = async (q: string) => (await promQuery(promUrl, q).catch(() => []))[0]?.value ?? NaN;
  let headSeries = NaN;
  try {
    const res = await fetch(`${promUrl}/api/v1/status/tsdb`, { signal: AbortSignal.timeout(10_000) });
    headSeries =
      ((await res.json()) as { data?: { headStats?: { numSeries?: number } } }).data?.headStats?.numSeries ?? NaN;
  } catch {
    /* figure stays unknown */
  }
  return {
    samplesPerScrape: await one('max(scrape_samples_scraped)'),
    headSeries,
    scrapeSeconds: await one('max(max_over_time(scrape_duration_seconds[5m]))'),
  };
}
