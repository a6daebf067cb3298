'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, type ComponentType } from 'react';
import type { IstioConfigObject } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { jsonEqual } from '@/lib/istio/editor/merge3';
import {
  authorizationPolicyFromForm,
  authorizationPolicyToForm,
  newAuthorizationPolicyForm,
} from '@/lib/istio/forms/authorization-policy';
import type { Json } from '@/lib/istio/forms/merge';
import {
  newPeerAuthenticationForm,
  peerAuthenticationFromForm,
  peerAuthenticationToForm,
} from '@/lib/istio/forms/peer-authentication';
import {
  newRequestAuthenticationForm,
  requestAuthenticationFromForm,
  requestAuthenticationToForm,
} from '@/lib/istio/forms/request-authentication';
import {
  authorizationPolicyProblems,
  peerAuthenticationProblems,
  requestAuthenticationProblems,
  type FormProblem,
} from '@/lib/istio/forms/validate';
import { useGlobalParams } from '@/lib/query/global-params';
import { useNamespaces } from '@/lib/query/hooks';
import { useSave } from '@/lib/query/save';
import { ReviewToolbar, SaveDialog, SaveFailureAlert } from '../dialogs';
import { ImpactPreview } from '../impact-preview';
import { BlockingFindings, LivePreview, useIntroducedErrors, useLiveValidation } from '../live-validation';
import type { FormKind, SecurityFormKind } from '../kinds';
import { AuthorizationPolicyEditor } from './authz-editor';
import { MetadataFields } from './inputs';
import { PeerAuthenticationEditor } from './peer-authn-editor';
import { RequestAuthenticationEditor } from './request-authn-editor';
import { istioObjectPath } from '@/components/istio-config/paths';
import styles from '../istio.module.css';

/** A form: how it reads and writes its kind, checks its fields, and the editor that shows them. */
export interface FormModel<T extends { name: string; namespace: string }> {
  kind: string;
  toForm: (o: Json) => T;
  fromForm: (f: T, original?: Json) => Json;
  problems: (f: T) => FormProblem[];
  newForm: (namespace: string) => T;
  Editor: ComponentType<{ form: T; onChange: (f: T) => void; problems: FormProblem[] }>;
}

/**
 * A {@link FormModel} from its parts: `kind` (the Istio kind, as shown), the form model's `toForm`/`fromForm`
 * (lib/istio/forms), its `problems` check, `newForm` (a new form in a namespace) and the `Editor` of its fields.
 */
export function formModel<T extends { name: string; namespace: string }>(
  kind: string,
  toForm: FormModel<T>['toForm'],
  fromForm: FormModel<T>['fromForm'],
  problems: FormModel<T>['problems'],
  newForm: FormModel<T>['newForm'],
  Editor: FormModel<T>['Editor'],
): FormModel<T> {
  return { kind, toForm, fromForm, problems, newForm, Editor };
}

const AP = formModel(
  'AuthorizationPolicy',
  authorizationPolicyToForm,
  authorizationPolicyFromForm,
  authorizationPolicyProblems,
  newAuthorizationPolicyForm,
  AuthorizationPolicyEditor,
);
const PA = formModel(
  'PeerAuthentication',
  peerAuthenticationToForm,
  peerAuthenticationFromForm,
  peerAuthenticationProblems,
  newPeerAuthenticationForm,
  PeerAuthenticationEditor,
);
const RA = formModel(
  'RequestAuthentication',
  requestAuthenticationToForm,
  requestAuthenticationFromForm,
  requestAuthenticationProblems,
  newRequestAuthenticationForm,
  RequestAuthenticationEditor,
);

export interface FormPageProps {
  plural: FormKind;
  namespace: string;
  /** The object being edited; null for a new one. */
  original: IstioConfigObject | null;
}

/** `/istio/new/{kind}` and `/istio/edit/{ns}/{kind}/{name}`: the authorization forms. */
export function SecurityFormPage(props: FormPageProps & { plural: SecurityFormKind }) {
  if (props.plural === 'authorizationpolicies') return <FormShell model={AP} {...props} />;
  if (props.plural === 'peerauthentications') return <FormShell model={PA} {...props} />;
  return <FormShell model={RA} {...props} />;
}

/** A form page: metadata fields, the kind's editor, live YAML validation, impact preview and the reviewed save. */
export function FormShell<T extends { name: string; namespace: string }>({
  model,
  plural,
  namespace,
  original,
}: FormPageProps & { model: FormModel<T> }) {
  const router = useRouter();
  const { query } = useGlobalParams();
  const namespaces = useNamespaces();
  const [form, setForm] = useState<T>(() => (original ? model.toForm(original as Json) : model.newForm(namespace)));
  const object = useMemo(
    () => model.fromForm(form, (original as Json | null) ?? undefined) as IstioConfigObject,
    [model, form, original],
  );
  const objects = useMemo(() => [object], [object]);
  const problems = model.problems(form);
  const validation = useLiveValidation(objects);
  const baseline = useMemo(() => [original], [original]);
  const findings = useIntroducedErrors(objects, validation, baseline);
  const unchanged = !!original && jsonEqual(object, original);
  const save = useSave({
    onSaved: ([o]) => {
      if (o) router.push(istioObjectPath(o.metadata.namespace!, plural, o.metadata.name, query));
    },
  });
  const blocked =
    problems.length > 0 || findings.blocking === null || findings.blocking > 0 || unchanged || save.stage === 'dry-run';
  const Editor = model.Editor;
  const suffix = query ? `?${query}` : '';
  return (
    <section>
      <div className={styles.header}>
        <h1>
          <Link href={`/istio${suffix}`}>Istio Config</Link> /{' '}
          {original ? `Edit ${model.kind} ${original.metadata.name}` : `New ${model.kind}`}
        </h1>
      </div>
      <div className={styles.wizardGrid}>
        <div className={styles.form}>
          <MetadataFields
            name={form.name}
            namespace={form.namespace}
            namespaces={(namespaces.data ?? []).map((n) => n.name)}
            editing={!!original}
            problems={problems}
            onChange={(c) => setForm({ ...form, ...c })}
          />
          <Editor form={form} onChange={setForm} problems={problems} />
          <ReviewToolbar
            save={save}
            input={{ writes: [{ object, original }] }}
            disabled={blocked}
            label={original ? 'Update…' : 'Create…'}
          >
            <span className={styles.note}>
              {problems.length
                ? `${problems.length} field problem${problems.length > 1 ? 's' : ''} to fix`
                : unchanged
                  ? 'No changes.'
                  : findings.blocking
                    ? 'Fix the errors this edit introduces (listed below).'
                    : 'Save runs a server dry run and shows the diff first.'}
            </span>
          </ReviewToolbar>
          {!unchanged && <BlockingFindings findings={findings} />}
          <SaveFailureAlert failure={save.failure} />
          {!unchanged && <ImpactPreview before={original} after={object} />}
        </div>
        <LivePreview objects={objects} validation={validation} />
      </div>
      <SaveDialog
        save={save}
        liveText={original ? toEditorYaml(original) : ''}
        editedText={toEditorYaml(object)}
        dryRunNote={<p className={styles.success}>The server dry run accepted the object; nothing written yet.</p>}
      >
        <ImpactPreview before={original} after={object} />
      </SaveDialog>
    </section>
  );
}
