import { ServicePicker } from '@/components/istio-config/wizards/service-picker';

export const metadata = { title: 'Service actions · Istio Config · Meshscope' };

/** /istio/wizards — pick a service to route (Traffic Shifting, Request Routing, Fault Injection, ...). */
export default function WizardsIndexPage() {
  return (
    <section>
      <h1>Service actions</h1>
      <p className="muted">
        Create or update a service’s VirtualService and DestinationRule, with subsets from its workloads’ version
        labels.
      </p>
      <ServicePicker />
    </section>
  );
}
