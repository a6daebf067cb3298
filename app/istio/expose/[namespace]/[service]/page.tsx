import { notFound } from 'next/navigation';
import { ExposePage } from '@/components/istio-config/expose/expose-page';
import { parseName, parseNamespace } from '@/lib/server/istio-config/params';

type Params = { namespace: string; service: string };

export const metadata = { title: 'Expose service · Istio Config · Meshscope' };

/** /istio/expose/{ns}/{service} — expose a service through the ingress gateway (Gateway + VirtualService). */
export default async function ExposeServicePage({ params }: { params: Promise<Params> }) {
  const p = await params;
  try {
    parseNamespace(p.namespace);
    parseName(p.service);
  } catch {
    notFound();
  }
  return <ExposePage namespace={p.namespace} service={p.service} />;
}
