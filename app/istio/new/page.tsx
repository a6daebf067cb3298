import { NewPolicyChooser } from '@/components/istio-config/forms/new-policy-chooser';

export const metadata = { title: 'Create policy · Istio Config · Meshscope' };

/** /istio/new — choose the kind of policy to create with a form. */
export default function NewPolicyPage() {
  return (
    <section>
      <h1>Create a policy</h1>
      <NewPolicyChooser />
    </section>
  );
}
