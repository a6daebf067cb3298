import { notFound } from 'next/navigation';
import { SecurityFormPage } from '@/components/istio-config/forms/security-form-page';
import { NetworkingFormPage } from '@/components/istio-config/forms/networking-form-page';
import { isFormKind, isNetworkingFormKind } from '@/components/istio-config/kinds';
import { parseNamespace } from '@/lib/server/istio-config/params';

type Props = {
  params: Promise<{ kind: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata = { title: 'New object · Istio Config · Meshscope' };

/**
 * /istio/new/{kind}?namespace=ns — create an AuthorizationPolicy, PeerAuthentication, RequestAuthentication, Gateway,
 * ServiceEntry or Sidecar with its form (any other kind: 404).
 */
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
  if (isNetworkingFormKind(kind)) return <NetworkingFormPage plural={kind} namespace={namespace} original={null} />;
  return <SecurityFormPage plural={kind} namespace={namespace} original={null} />;
}
