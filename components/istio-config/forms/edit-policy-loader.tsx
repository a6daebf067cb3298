'use client';
import { ErrorState } from '@/components/ui/states';
import { isNetworkingFormKind, type FormKind } from '../kinds';
import { useIstioObject } from '@/lib/query/istio';
import { NetworkingFormPage } from './networking-form-page';
import { SecurityFormPage } from './security-form-page';

/** Loads the object, then opens its form. */
export function EditPolicyLoader({ namespace, plural, name }: { namespace: string; plural: FormKind; name: string }) {
  const details = useIstioObject(namespace, plural, name);
  if (details.isPending) return <p className="muted">Loading {name}…</p>;
  if (details.isError)
    return (
      <ErrorState
        title={`Cannot load ${plural}/${name} in ${namespace}`}
        error={details.error}
        onRetry={() => void details.refetch()}
      />
    );
  if (isNetworkingFormKind(plural))
    return <NetworkingFormPage plural={plural} namespace={namespace} original={details.data.object} />;
  return <SecurityFormPage plural={plural} namespace={namespace} original={details.data.object} />;
}
