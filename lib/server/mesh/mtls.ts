/**
 * A namespace's mTLS mode from its PeerAuthentications (Kiali's namespace TLS badge): a namespace-wide policy (no
 * selector) wins, else the mesh-wide one in the root namespace, else Istio's default (PERMISSIVE, shown as UNSET).
 * A policy whose mode is UNSET inherits from its parent. Pure.
 */
import 'server-only';
import type { IstioObject } from '@/lib/k8s/inventory';
import type { NamespaceMtls } from '@/lib/contracts/mesh';

type Mode = NamespaceMtls['mode'];
const MODES: ReadonlySet<string> = new Set(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']);

interface PaSpec {
  selector?: { matchLabels?: Record<string, string> };
  mtls?: { mode?: string };
}

function modeOf(o: IstioObject): Mode {
  const m = (o.spec as PaSpec | undefined)?.mtls?.mode;
  return typeof m === 'string' && MODES.has(m) ? (m as Mode) : 'UNSET';
}

function isNamespaceWide(o: IstioObject): boolean {
  const sel = (o.spec as PaSpec | undefined)?.selector?.matchLabels;
  return !sel || Object.keys(sel).length === 0;
}

/** The effective mTLS mode of `namespace` and where it comes from, plus how many workload policies differ. */
export function namespaceMtls(config: readonly IstioObject[], namespace: string, rootNamespace: string): NamespaceMtls {
  const pas = config.filter((o) => o.kind === 'PeerAuthentication');
  const inNs = (ns: string) => pas.filter((o) => (o.metadata.namespace || 'default') === ns);
  const nsWide = inNs(namespace).find((o) => isNamespaceWide(o) && modeOf(o) !== 'UNSET');
  const meshWide = inNs(rootNamespace).find((o) => isNamespaceWide(o) && modeOf(o) !== 'UNSET');
  let mode: Mode = 'UNSET';
  let source: NamespaceMtls['source'] = 'default';
  if (nsWide) {
    mode = modeOf(nsWide);
    source = 'namespace';
  } else if (meshWide) {
    mode = modeOf(meshWide);
    source = 'mesh';
  }
  const effective = mode === 'UNSET' ? 'PERMISSIVE' : mode;
  const workloadOverrides = inNs(namespace).filter(
    (o) => !isNamespaceWide(o) && modeOf(o) !== 'UNSET' && modeOf(o) !== effective,
  ).length;
  return { mode, source, workloadOverrides };
}
