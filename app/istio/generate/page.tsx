import { GeneratePolicies } from '@/components/istio-config/generate-policies';

export const metadata = { title: 'Generate policies · Istio Config · Meshscope' };

/** /istio/generate?namespace=ns — least-privilege AuthorizationPolicies from the observed traffic, for review. */
export default function GeneratePoliciesPage() {
  return (
    <section>
      <h1>Generate policies from observed traffic</h1>
      <GeneratePolicies />
    </section>
  );
}
