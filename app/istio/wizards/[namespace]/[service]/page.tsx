import { notFound } from 'next/navigation';
import { WizardPage } from '@/components/istio-config/wizards/wizard-page';
import { parseName, parseNamespace } from '@/lib/server/istio-config/params';

type Params = { namespace: string; service: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { service } = await params;
  return { title: `${service} · Service actions · Meshscope` };
}

/** /istio/wizards/{ns}/{service}?wizard=traffic-shifting — the service wizards (Kiali's IstioWizards). */
export default async function ServiceWizardRoute({ params }: { params: Promise<Params> }) {
  const p = await params;
  try {
    parseNamespace(p.namespace);
    parseName(p.service, 'service');
  } catch {
    notFound();
  }
  return <WizardPage namespace={p.namespace} service={p.service} />;
}
