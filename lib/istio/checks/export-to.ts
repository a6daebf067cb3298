/**
 * KIA0005 (Kiali `common/export_to_namespace_checker.go`): every `exportTo` entry of a VirtualService,
 * DestinationRule or ServiceEntry is `*`, `.`, `~` or an existing namespace. Istio has no analyzer for it.
 */
import { indexPath } from '../path';
import type { AnalysisContext } from './context';

/** KIA0005 on each `spec.exportTo[i]` naming a namespace that does not exist. */
export function checkExportTo(ctx: AnalysisContext): void {
  const objects = [...ctx.of('VirtualService'), ...ctx.of('DestinationRule'), ...ctx.of('ServiceEntry')];
  for (const obj of objects) {
    obj.spec?.exportTo?.forEach((ns, i) => {
      if (ns === '*' || ns === '.' || ns === '~' || ctx.namespaces.has(ns)) return;
      ctx.report(obj, 'KIA0005', indexPath('spec.exportTo', i));
    });
  }
}
