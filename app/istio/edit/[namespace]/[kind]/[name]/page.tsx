import { notFound } from 'next/navigation';
import { EditPolicyLoader } from '@/components/istio-config/forms/edit-policy-loader';
import { isFormKind } from '@/components/istio-config/kinds';
import { parseName, parseNamespace } from '@/lib/server/istio-config/params';

type Params = { namespace: string; kind: string; name: string };

export const metadata = { title: 'Edit policy · Istio Config · Meshscope' };

/** /istio/edit/{ns}/{kind}/{name} — edit a security policy with its form (unknown fields are kept). */
export default async function EditPolicyPage({ params }: { params: Promise<Params> }) {
  const p = await params;
  if (!isFormKind(p.kind)) notFound();
  try {
    parseNamespace(p.namespace);
    parseName(p.name);
  } catch {
    notFound();
  }
  return <EditPolicyLoader namespace={p.namespace} plural={p.kind} name={p.name} />;
}
