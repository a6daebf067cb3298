/**
 * Validation of every Istio object in the inventory, for the lists' "Istio config" column and the overview's counts:
 * the CRD schema (`validateIstioSchema`, reported as IST0106) and the cross-object checks (`analyze`, IST/KIA codes)
 * over the whole cluster (a VirtualService in `bookinfo` may name a Gateway in `istio-system`). Pure.
 */
import 'server-only';
import { snapshotFromInventory } from '@/lib/server/istio-config/snapshot';
import { analyze } from '@/lib/istio/checks';
import { validateIstioSchema } from '@/lib/istio/schema';
import type { ClusterSnapshot, Finding, ServiceAccountRef } from '@/lib/istio/types';
import type { Inventory } from '@/lib/k8s/inventory';
import type { ValidationSummary } from '@/lib/contracts/mesh';

/** `Kind/namespace/name`, the key of the validation map. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace || 'default'}/${name}`;
}

/** The checks' cluster snapshot from the inventory (plus service accounts when the API listed them). */
export const snapshotOf: (inv: Inventory, serviceAccounts: ServiceAccountRef[]) => ClusterSnapshot =
  snapshotFromInventory;

/**
 * Validates every Istio object of the snapshot. Objects with no finding are valid with empty findings; an object is
 * invalid only when it has an error (warnings keep it valid, Kiali's rule kiali.md §1.3).
 */
export function validateSnapshot(snapshot: ClusterSnapshot, rootNamespace: string): Map<string, ValidationSummary> {
  const out = new Map<string, ValidationSummary>();
  const entry = (key: string) => {
    let v = out.get(key);
    if (!v) out.set(key, (v = { valid: true, errors: 0, warnings: 0, findings: [] }));
    return v;
  };
  const record = (key: string, f: Pick<Finding, 'code' | 'severity' | 'path' | 'message'>) => {
    const v = entry(key);
    v.findings.push({ code: f.code, severity: f.severity, path: f.path, message: f.message });
    if (f.severity === 'error') {
      v.errors++;
      v.valid = false;
    } else if (f.severity === 'warning') v.warnings++;
  };
  for (const obj of snapshot.istioConfig) {
    const key = objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name);
    entry(key);
    for (const f of validateIstioSchema(obj)) {
      record(key, {
        code: 'IST0106',
        severity: 'error',
        path: f.path,
        message: `Schema validation error: ${f.path ? `${f.path}: ` : ''}${f.message}`,
      });
    }
  }
  for (const f of analyze(snapshot, { rootNamespace })) record(objectKey(f.kind, f.namespace, f.name), f);
  return out;
}

/** Per-namespace counts of Istio objects by result: valid (no finding), warning (warnings only), error. */
export function countValidations(
  inv: Pick<Inventory, 'istioConfig'>,
  validations: Map<string, ValidationSummary>,
  namespace: string,
): { objects: number; valid: number; warning: number; error: number } {
  const counts = { objects: 0, valid: 0, warning: 0, error: 0 };
  for (const o of inv.istioConfig) {
    if ((o.metadata.namespace || 'default') !== namespace) continue;
    counts.objects++;
    const v = validations.get(objectKey(o.kind, o.metadata.namespace, o.metadata.name));
    if (v && v.errors > 0) counts.error++;
    else if (v && v.warnings > 0) counts.warning++;
    else counts.valid++;
  }
  return counts;
}

/** The findings the checks report on workload `w` itself (KIA131x...); null when validation did not run. */
export function workloadValidation(
  validations: Map<string, ValidationSummary> | null,
  w: { kind: string; namespace: string; name: string },
): ValidationSummary | null {
  if (!validations) return null;
  return (
    validations.get(objectKey(w.kind, w.namespace, w.name)) ?? { valid: true, errors: 0, warnings: 0, findings: [] }
  );
}
