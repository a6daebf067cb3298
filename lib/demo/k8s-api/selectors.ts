import type { KubeObject } from '../store/object-store';
import type { ResourceType } from '../store/resources';
import { badRequest } from './status';

/** One parsed label requirement (`app=reviews`, `version in (v1,v2)`, `!canary`, ...). */
export interface LabelRequirement {
  key: string;
  op: 'exists' | 'notexists' | 'eq' | 'neq' | 'in' | 'notin' | 'gt' | 'lt';
  values: string[];
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key))
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!VALUE.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value "${value}" in selector "${selector}"`);
  }
  return value;
}

function parseRequirement(part: string, selector: string): LabelRequirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (set) {
    const values = set[3]!.split(',').map((v) => checkValue(v.trim(), selector));
    return { key: checkKey(set[1]!, selector), op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  const cmp = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(part);
  if (cmp) {
    const op = { '==': 'eq', '=': 'eq', '!=': 'neq', '<': 'lt', '>': 'gt' }[cmp[2]!] as LabelRequirement['op'];
    const value = cmp[3]!.trim();
    if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(value)) {
      throw badRequest(`unable to parse requirement: for 'gt', 'lt' operators, exactly one integer value is required`);
    }
    return { key: checkKey(cmp[1]!, selector), op, values: [checkValue(value, selector)] };
  }
  if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), selector), op: 'notexists', values: [] };
  return { key: checkKey(part, selector), op: 'exists', values: [] };
}

/**
 * Parses a label selector as `kubectl -l` and `?labelSelector=` write it: `=`, `==`, `!=`, `in (...)`,
 * `notin (...)`, `key`, `!key` (and `>`/`<` on integers). An empty selector matches everything.
 * @throws ApiError 400 on a malformed selector.
 */
export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector) return [];
  return splitTopLevel(selector).map((part) => parseRequirement(part, selector));
}

/** Whether a set of labels satisfies every requirement. */
export function matchesLabels(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  return requirements.every((req) => {
    const value = labels?.[req.key];
    switch (req.op) {
      case 'exists':
        return value !== undefined;
      case 'notexists':
        return value === undefined;
      case 'eq':
      case 'in':
        return value !== undefined && req.values.includes(value);
      case 'neq':
      case 'notin':
        return value === undefined || !req.values.includes(value);
      case 'gt':
        return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(req.values[0]);
      case 'lt':
        return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(req.values[0]);
    }
  });
}

/** Whether labels match a `matchLabels` map (the selector form Services and Deployments use). */
export function matchesLabelMap(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

/** Field paths each kind supports in a field selector, beyond `metadata.name` and `metadata.namespace`. */
const EXTRA_FIELDS: Record<string, string[]> = {
  Pod: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
};

/**
 * Parses a field selector (`metadata.name=reviews`, `status.phase!=Running`), checking the fields against what
 * the API server supports for the kind. @throws ApiError 400 `field label not supported: x`.
 */
export function parseFieldSelector(selector: string | null | undefined, resource: ResourceType): FieldRequirement[] {
  if (!selector) return [];
  const allowed = ['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[resource.kind] ?? [])];
  return splitTopLevel(selector).map((part) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    const field = m[1]!;
    if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, negate: m[2] === '!=', value: m[3]!.trim() };
  });
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

/** Whether an object satisfies every field requirement. */
export function matchesFields(requirements: FieldRequirement[], obj: KubeObject): boolean {
  return requirements.every((req) => (fieldValue(obj, req.field) === req.value) !== req.negate);
}
