/**
 * ObjectMeta checks the API server applies to every object (apimachinery `ValidateObjectMeta`): `metadata.name` is a
 * DNS-1123 subdomain (most Istio kinds; Kubernetes `NameIsDNSSubdomain`), `metadata.namespace` a DNS-1123 label, and
 * label keys/values are qualified names / label values.
 */
import { childPath } from '../path';
import * as msg from './messages';
import type { SchemaFinding } from './types';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?';

const full = (re: string): RegExp => new RegExp(`^${re}$`);

/** Kubernetes `IsDNS1123Subdomain` error strings; empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 253) errors.push('must be no more than 253 characters');
  if (!full(DNS1123_SUBDOMAIN).test(value)) {
    errors.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start " +
        `and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
    );
  }
  return errors;
}

/** Kubernetes `IsDNS1123Label` error strings; empty when valid. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push('must be no more than 63 characters');
  if (!full(DNS1123_LABEL).test(value)) {
    errors.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end " +
        `with an alphanumeric character (e.g. 'my-name', or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
    );
  }
  return errors;
}

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

function labelValueErrors(value: unknown): string[] {
  if (typeof value !== 'string') return ['must be a string'];
  if (value.length <= 63 && full(LABEL_VALUE).test(value)) return [];
  return [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start " +
      `and end with an alphanumeric character, at most 63 characters (regex used for validation is '${LABEL_VALUE}')`,
  ];
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
    if (!meta.generateName) findings.push({ path: 'metadata.name', message: `${msg.required()}: name or generateName is required` });
  } else {
    check('metadata.name', meta.name, dns1123SubdomainErrors);
  }
  if (meta.namespace !== undefined && meta.namespace !== '') check('metadata.namespace', meta.namespace, dns1123LabelErrors);
  const labels = meta.labels;
  if (labels && typeof labels === 'object' && !Array.isArray(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      const path = childPath('metadata.labels', key);
      for (const error of labelKeyErrors(key)) findings.push({ path, message: msg.invalid(key, error) });
      for (const error of labelValueErrors(value)) findings.push({ path, message: msg.invalid(value, error) });
    }
  }
  return findings;
}
