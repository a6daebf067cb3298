/**
 * ObjectMeta checks the API server applies to every object (apimachinery `ValidateObjectMeta`): `metadata.name` is a
 * DNS-1123 subdomain (most Istio kinds; Kubernetes `NameIsDNSSubdomain`), `metadata.namespace` a DNS-1123 label, and
 * label keys/values are qualified names / label values.
 */
import { dns1123LabelErrors, dns1123SubdomainErrors, labelValueErrors } from '../names';
import { childPath } from '../path';
import * as msg from './messages';
import type { SchemaFinding } from './types';

const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

const full = (re: string): RegExp => new RegExp(`^${re}$`);

function labelKeyErrors(key: string): string[] {
  const slash = key.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : ['', key];
  const errors = slash >= 0 ? dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`) : [];
  if (name.length === 0 || name.length > 63 || !full(QUALIFIED_NAME).test(name)) {
    errors.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', must start and end with an alphanumeric " +
        `character and be at most 63 characters (regex used for validation is '${QUALIFIED_NAME}')`,
    );
  }
  return errors;
}

function labelValueOrTypeErrors(value: unknown): string[] {
  return typeof value === 'string' ? labelValueErrors(value) : ['must be a string'];
}

/** Validate `metadata` of a namespaced Istio object. */
export function validateMetadata(metadata: unknown): SchemaFinding[] {
  if (metadata === undefined || metadata === null) {
    return [{ path: 'metadata.name', message: `${msg.required()}: name or generateName is required` }];
  }
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    return [{ path: 'metadata', message: msg.invalid(metadata, 'metadata in body must be of type object') }];
  }
  const meta = metadata as Record<string, unknown>;
  const findings: SchemaFinding[] = [];
  const check = (path: string, value: unknown, errorsOf: (s: string) => string[]): void => {
    if (typeof value !== 'string') {
      findings.push({ path, message: msg.invalid(value, `${path} in body must be of type string`) });
      return;
    }
    for (const error of errorsOf(value)) findings.push({ path, message: msg.invalid(value, error) });
  };
  if (meta.name === undefined || meta.name === '') {
    if (!meta.generateName)
      findings.push({ path: 'metadata.name', message: `${msg.required()}: name or generateName is required` });
  } else {
    check('metadata.name', meta.name, dns1123SubdomainErrors);
  }
  if (meta.namespace !== undefined && meta.namespace !== '')
    check('metadata.namespace', meta.namespace, dns1123LabelErrors);
  const labels = meta.labels;
  if (labels && typeof labels === 'object' && !Array.isArray(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      const path = childPath('metadata.labels', key);
      for (const error of labelKeyErrors(key)) findings.push({ path, message: msg.invalid(key, error) });
      for (const error of labelValueOrTypeErrors(value)) findings.push({ path, message: msg.invalid(value, error) });
    }
  }
  return findings;
}
