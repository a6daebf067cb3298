import { notFound } from 'next/navigation';
import { SecurityFormPage } from '@/components/istio-config/forms/security-form-page';
import { isFormKind } from '@/components/istio-config/kinds';
import { parseNamespace } from '@/lib/server/istio-config/params';

type Props = {
  params: Promise<{ kind: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata = { title: 'New policy · Istio Config · Meshscope' };

/** /istio/new/{kind}?namespace=ns — create an AuthorizationPolicy, PeerAuthentication or RequestAuthentication. */
export default async function NewPolicyKindPage({ params, searchParams }: Props) {
  const { kind } = await params;
  const search = await searchParams;
  if (!isFormKind(kind)) notFound();
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const candidate = first(search.namespace) ?? first(search.namespaces)?.split(',')[0] ?? 'default';
  let namespace = 'default';
  try {
    namespace = parseNamespace(candidate);
  } catch {
    /* a bad namespace in the URL falls back to default */
  }
  return <SecurityFormPage plural={kind} namespace={namespace} original={null} />;
}
