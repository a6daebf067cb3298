import { NewPolicyChooser } from '@/components/istio-config/forms/new-policy-chooser';

export const metadata = { title: 'Create Istio config · Istio Config · Meshscope' };

/** /istio/new — choose the kind of object to create with a form. */
export default function NewPolicyPage() {
  return (
    <section>
      <h1>Create Istio config</h1>
      <NewPolicyChooser />
    </section>
  );
}
