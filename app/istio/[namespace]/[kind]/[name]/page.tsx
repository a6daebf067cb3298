import { notFound } from 'next/navigation';
import { ObjectPage } from '@/components/istio-config/object-page';
import { parseKind, parseName, parseScope } from '@/lib/server/istio-config/params';

type Params = { namespace: string; kind: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { kind, name } = await params;
  return { title: `${name} (${kind}) · Istio Config · Meshscope` };
}

/**
 * /istio/{ns}/{kind}/{name} — the YAML editor of one Istio or Gateway API object (`kind` is the URL key, e.g.
 * virtualservices, k8shttproutes; `ns` is `-` for cluster-scoped kinds such as k8sgatewayclasses).
 */
export default async function IstioObjectRoute({ params }: { params: Promise<Params> }) {
  const p = await params;
  try {
    parseScope(p.namespace, parseKind(p.kind));
    parseName(p.name);
  } catch {
    notFound();
  }
  return <ObjectPage namespace={p.namespace} plural={p.kind} name={p.name} />;
}
