/**
 * ServiceEntry checks:
 * - IST0177 ConflictingServiceEntryProtocol (istio/istio `analyzers/serviceentry/conflictingserviceentries.go`):
 *   entries visible in a common scope define the same host and port with different protocols (Kiali's KIA1212);
 * - KIA0004 the workloadSelector matches no pod or WorkloadEntry of the namespace;
 * - IST0134 ServiceEntryAddressesRequired (`analyzers/serviceentry/protocoladdresses.go`).
 */
import { indexPath } from '../path';
import type { ServiceEntry } from '../types';
import { fullName, namespaceOf, type AnalysisContext } from './context';
import { EXPORT_TO_ALL, exportScopes } from './hosts';
import { reportUnmatchedSelector } from './workload-policies';

/** IST0177: one finding per ServiceEntry involved, for the first conflicting host and port. */
export function checkServiceEntryProtocols(ctx: AnalysisContext): void {
  const index = new Map<string, { scope: string; host: string; port: number; protocol: string; se: ServiceEntry }[]>();
  for (const se of ctx.of('ServiceEntry')) {
    for (const scope of exportScopes(se.spec?.exportTo, namespaceOf(se))) {
      for (const host of se.spec?.hosts ?? []) {
        for (const port of se.spec?.ports ?? []) {
          const key = `${scope}|${host}|${port?.number}`;
          const entry = { scope, host, port: port?.number ?? 0, protocol: (port?.protocol ?? '').toUpperCase(), se };
          index.set(key, [...(index.get(key) ?? []), entry]);
        }
      }
    }
  }
  const reported = new Set<ServiceEntry>();
  for (const entries of index.values()) {
    const first = entries[0];
    if (!first) continue;
    const all =
      first.scope === EXPORT_TO_ALL
        ? entries
        : [...entries, ...(index.get(`${EXPORT_TO_ALL}|${first.host}|${first.port}`) ?? [])];
    const protocols = [...new Set(all.map((e) => e.protocol))].sort();
    if (protocols.length < 2) continue;
    const names = [...new Set(all.map((e) => fullName(e.se)))].sort().join(', ');
    for (const { se } of all) {
      if (reported.has(se)) continue;
      reported.add(se);
      const portIndex = (se.spec?.ports ?? []).findIndex((p) => p?.number === first.port);
      ctx.report(se, 'IST0177', `spec.ports[${Math.max(portIndex, 0)}].protocol`, [
        names,
        first.host,
        first.port,
        protocols.join(', '),
      ]);
    }
  }
}

/** KIA0004 for ServiceEntry workload selectors. */
export function checkServiceEntrySelectors(ctx: AnalysisContext): void {
  for (const se of ctx.of('ServiceEntry')) {
    reportUnmatchedSelector(ctx, se, se.spec?.workloadSelector?.labels, 'spec.workloadSelector');
  }
}

/**
 * IST0134: a ServiceEntry without `addresses` (and none allocated in `status.addresses`) has a port whose protocol is
 * TCP or unset, while the mesh does not allocate addresses (`AnalyzeOptions.addressAutoAllocation`): one finding per
 * such port.
 */
export function checkServiceEntryAddresses(ctx: AnalysisContext): void {
  if (ctx.addressAutoAllocation) return;
  for (const se of ctx.of('ServiceEntry')) {
    if (se.spec?.addresses?.length) continue;
    const status = (se as { status?: { addresses?: unknown[] } }).status;
    if (status?.addresses?.length) continue;
    se.spec?.ports?.forEach((port, i) => {
      const protocol = port?.protocol ?? '';
      if (protocol === '' || protocol.toUpperCase() === 'TCP') ctx.report(se, 'IST0134', indexPath('spec.ports', i));
    });
  }
}
