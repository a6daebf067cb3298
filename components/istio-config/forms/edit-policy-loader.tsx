'use client';
import { isNetworkingFormKind, type FormKind } from '../kinds';
import { ObjectLoader } from '../object-loader';
import { NetworkingFormPage } from './networking-form-page';
import { SecurityFormPage } from './security-form-page';

/** Loads the object, then opens its form. */
export function EditPolicyLoader({ namespace, plural, name }: { namespace: string; plural: FormKind; name: string }) {
  return (
    <ObjectLoader namespace={namespace} plural={plural} name={name}>
      {(details) =>
        isNetworkingFormKind(plural) ? (
          <NetworkingFormPage plural={plural} namespace={namespace} original={details.object} />
        ) : (
          <SecurityFormPage plural={plural} namespace={namespace} original={details.object} />
        )
      }
    </ObjectLoader>
  );
}
