'use client';
import type { Diagnostic } from '@codemirror/lint';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sel } from '@/components/test-ids';
import type { IstioConfigObject, IstioObjectDetails, ValidateResponse } from '@/lib/contracts/istio-config';
import { toEditorYaml } from '@/lib/istio/editor/dump';
import { placeFindings, type EditorMarker, type FindingLike } from '@/lib/istio/editor/markers';
import { parseYamlSafe } from '@/lib/istio/editor/safe-yaml';
import { useGlobalParams } from '@/lib/query/global-params';
import { deleteObject, validateYaml } from '@/lib/query/istio';
import { useSave } from '@/lib/query/save';
import { causesToDiagnostics } from './api-diagnostics';
import { ConflictView } from './conflict-view';
import { DeleteButton, SaveDialog } from './dialogs';
import { ImpactPreview } from './impact-preview';
import { isFormKind } from './kinds';
import { ObjectLoader } from './object-loader';
import { CausesList, MarkersList, ReferencesPanel, RelatedFindings } from './side-panels';
import { ReportedStatusPanel } from './reported-status';
import { ValidationStatus } from './validation-status';
import { CLUSTER_SCOPE, kindByPlural, kindLabel } from '@/lib/istio/kinds';
import { useCanWrite } from './view-only';
import { YamlEditor, type YamlEditorHandle } from './yaml-editor';
import styles from './istio.module.css';

interface Props {
  namespace: string;
  plural: string;
  name: string;
}

/** `/istio/{ns}/{kind}/{name}`: loads the object, then hands it to the editor (created once per load). */
export function ObjectPage({ namespace, plural, name }: Props) {
  const canWrite = useCanWrite(namespace);
  return (
    <ObjectLoader namespace={namespace} plural={plural} name={name} waiting={canWrite === null}>
      {(details) => (
        <ObjectEditor
          namespace={namespace}
          plural={plural}
          details={details}
          canWrite={!!canWrite && details.canWrite}
        />
      )}
    </ObjectLoader>
  );
}

const toDiagnostic = (m: EditorMarker): Diagnostic => ({
  from: m.from,
  to: m.to,
  severity: m.severity,
  source: m.code,
  message: `${m.code}: ${m.message}`,
});

function markersOfSaved(text: string, findings: FindingLike[]): EditorMarker[] {
  const parsed = parseYamlSafe(text);
  return parsed.ok ? placeFindings(findings, 'check', parsed.doc, text, parsed.lineCounter) : [];
}

function ObjectEditor({
  namespace,
  plural,
  details,
  canWrite,
}: {
  namespace: string;
  plural: string;
  details: IstioObjectDetails;
  canWrite: boolean;
}) {
  const router = useRouter();
  const { query } = useGlobalParams();
  const editor = useRef<YamlEditorHandle>(null);
  const [base, setBase] = useState<IstioConfigObject>(details.object);
  const baseText = useMemo(() => toEditorYaml(base), [base]);
  const [text, setText] = useState(baseText);
  const [validation, setValidation] = useState<ValidateResponse | null>(null);
  const [validating, setValidating] = useState(canWrite);
  // Read-only (view-only mode): no live validation; the saved object's findings are placed on their lines instead.
  const savedMarkers = useMemo(
    () => (canWrite ? [] : markersOfSaved(baseText, details.validation?.findings ?? [])),
    [canWrite, baseText, details.validation],
  );
  useEffect(() => {
    if (!canWrite && savedMarkers.length) editor.current?.showDiagnostics(savedMarkers.map(toDiagnostic));
  }, [canWrite, savedMarkers]);
  const [validateError, setValidateError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const { kind, metadata } = details.object;
  // Cluster-scoped kinds (GatewayClass) have `-` in the URL and no namespace in the object.
  const clusterScoped = namespace === CLUSTER_SCOPE;
  const apiNamespace = clusterScoped ? undefined : namespace;
  const group = kindByPlural(plural)?.group;
  const expect = useMemo(
    () => ({ kind, namespace: apiNamespace ?? 'default', name: metadata.name, group }),
    [kind, apiNamespace, metadata.name, group],
  );

  const lint = useCallback(
    async (yaml: string) => {
      setValidating(true);
      try {
        const result = await validateYaml({ yaml, namespace: apiNamespace, expect });
        setValidation(result);
        setValidateError(null);
        return result.markers.map(toDiagnostic);
      } catch (err) {
        setValidateError((err as Error).message);
        return [];
      } finally {
        setValidating(false);
      }
    },
    [apiNamespace, expect],
  );

  const save = useSave({
    onSaved: ([saved]) => {
      if (!saved) return;
      setBase(saved);
      editor.current?.setText(toEditorYaml(saved));
      setSavedAt(new Date().toLocaleTimeString());
    },
    onFailure: (failure, plan) => {
      if (failure.kind !== 'invalid' || plan.text === null) return;
      editor.current?.showDiagnostics(causesToDiagnostics(plan.text, failure.causes));
    },
  });
  // the object the dry run accepted, while the review dialog shows it
  const reviewed = save.stage === 'review' || save.stage === 'saving' ? save.plan?.writes[0] : undefined;

  const dirty = text !== baseText;
  const table = kindByPlural(plural);
  const kindName = table ? kindLabel(table) : kind;
  const title = clusterScoped ? `${kindName} ${metadata.name}` : `${kindName} ${namespace}/${metadata.name}`;
  const suffix = query ? `?${query}` : '';
  return (
    <section data-testid={sel.istio.objectPage}>
      <div className={styles.header}>
        <h1>
          <Link href={`/istio${suffix}`}>Istio Config</Link> / {kindName}: {metadata.name}
        </h1>
        <ValidationStatus validation={details.validation} />
        <span className={styles.spacer} />
        {canWrite && isFormKind(plural) && (
          <Link className={styles.secondary} href={`/istio/edit/${namespace}/${plural}/${metadata.name}${suffix}`}>
            Edit with form
          </Link>
        )}
        {canWrite && (
          <DeleteButton
            what={title}
            onConfirm={async () => {
              await deleteObject(namespace, plural, metadata.name, base.metadata.resourceVersion);
              router.push(`/istio${suffix}`);
            }}
          />
        )}
      </div>
      <p className={styles.note}>
        {clusterScoped ? 'Cluster-scoped' : `Namespace ${namespace}`} · {base.apiVersion} · version{' '}
        {base.metadata.resourceVersion ?? '–'} · {dirty ? 'unsaved changes' : 'no unsaved changes'}
        {!canWrite && !details.readOnly && ' · read-only (view-only mode or no permission)'}
      </p>
      {details.readOnly && (
        <p className={styles.warn} data-testid={sel.istio.readOnlyNote}>
          {details.readOnly}
        </p>
      )}
      {save.conflict && (
        <ConflictView
          conflict={save.conflict}
          onCancel={save.clearConflict}
          onResolve={(newText, newBase) => {
            if (newBase) setBase(newBase);
            editor.current?.setText(newText);
            save.clearConflict();
          }}
        />
      )}
      {save.failure?.kind === 'invalid' && <CausesList causes={save.failure.listed} />}
      {save.failure?.kind === 'error' && (
        <p className={styles.alert} role="alert">
          {save.failure.message}
        </p>
      )}
      {savedAt && !dirty && (
        <p className={styles.success} data-testid={sel.istio.saved}>
          Saved at {savedAt} (version {base.metadata.resourceVersion}).
        </p>
      )}
      <div className={styles.objectGrid}>
        <div>
          <YamlEditor
            key={`${namespace}/${plural}/${metadata.name}`}
            handleRef={editor}
            initialText={baseText}
            onTextChange={setText}
            lint={lint}
            readOnly={!canWrite}
            label={`YAML of ${title}`}
          />
          {canWrite && (
            <div className={styles.toolbar}>
              <button
                type="button"
                className="button"
                disabled={!dirty || save.busy}
                onClick={() => void save.review({ text: editor.current?.getText() ?? text, base })}
                data-testid={sel.istio.save}
              >
                {save.stage === 'dry-run' ? 'Checking (dry run)…' : 'Save…'}
              </button>
              <button
                type="button"
                className={styles.secondary}
                disabled={!dirty}
                onClick={() => editor.current?.setText(baseText)}
                data-testid={sel.istio.reset}
              >
                Revert
              </button>
              <span className={styles.note}>Save runs a server dry run and shows the diff before writing.</span>
            </div>
          )}
          {validateError && <p className={styles.warn}>Validation unavailable: {validateError}</p>}
          {validation && !validation.crossObjectChecked && (
            <p className={styles.warn}>The cluster could not be read: only syntax and schema were checked.</p>
          )}
          <MarkersList
            markers={validation?.markers ?? savedMarkers}
            pending={validating}
            onSelect={(m) => editor.current?.goTo(m.from)}
          />
          <RelatedFindings findings={validation?.related ?? []} query={query} />
        </div>
        <aside>
          <ReportedStatusPanel status={details.reportedStatus} />
          {/* References are resolved for Istio's kinds only (a route's parents and backends are not, yet). */}
          {(!table || table.api === 'istio') && <ReferencesPanel references={details.references} query={query} />}
        </aside>
      </div>
      {save.plan && reviewed && (
        <SaveDialog
          save={save}
          liveText={baseText}
          editedText={save.plan.text ?? ''}
          dryRunNote={
            <p className={styles.success}>
              The server dry run accepted the object (schema and admission passed; nothing written yet).
            </p>
          }
        >
          <ImpactPreview before={base} after={reviewed.object} />
        </SaveDialog>
      )}
    </section>
  );
}
