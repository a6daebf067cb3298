/**
 * Summary of a Chromium CPU profile (the DevTools protocol's `Profiler.Profile`, as `Profiler.stop` returns it and
 * DevTools' `.cpuprofile` files hold) for the page benchmark (issue 17): where the main thread's time went, by
 * function (self time) and by script. Pure.
 */

/** The parts of `Profiler.Profile` read here (chromedevtools.github.io/devtools-protocol/tot/Profiler/#type-Profile). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  /** Node id of each sample, and the microseconds since the previous sample. */
  samples?: number[];
  timeDeltas?: number[];
}

/** One row of the summary: a name and its self time in ms. */
export interface ProfileRow {
  name: string;
  ms: number;
}

/** Short name of a script URL: its last path segment without query (`(native)` and friends kept as they are). */
function scriptOf(url: string): string {
  if (!url) return '(no script)';
  const tail = url.split('?')[0]!.split('/').pop() ?? url;
  return tail || url;
}

/**
 * Self time per function (`name script:line`) and per script, largest first, `top` rows each. The time of a sample
 * is the delta to the next sample (DevTools' rule); `(idle)` is left out of both lists and returned on its own.
 */
export function summarizeProfile(
  p: CpuProfile,
  top = 12,
): { functions: ProfileRow[]; scripts: ProfileRow[]; idleMs: number; totalMs: number } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  const fn = new Map<string, number>();
  const script = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = i + 1 < deltas.length ? deltas[i + 1]! : 0;
    const node = byId.get(samples[i]!);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = url ? ` ${scriptOf(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}${where}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const s = url ? scriptOf(url) : functionName || '(anonymous)';
    script.set(s, (script.get(s) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000) }));
  return {
    functions: rows(fn),
    scripts: rows(script),
    idleMs: Math.round(idle / 1000),
    totalMs: Math.round(total / 1000),
  };
}
