import { validateIstioSchema } from '../../istio/schema';
import type { KubeObject } from '../store/object-store';
import type { ResourceType } from '../store/resources';
import { invalid, type StatusCause } from './status';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function nameCauses(resource: ResourceType, name: string): StatusCause[] {
  const cause = (message: string): StatusCause[] => [
    { reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${message}`, field: 'metadata.name' },
  ];
  if (resource.kind === 'Service') {
    if (!DNS1035_LABEL.test(name) || name.length > 63) {
      return cause(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      );
    }
  } else if (resource.kind === 'Namespace') {
    if (!DNS1123_LABEL.test(name) || name.length > 63) {
      return cause(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      );
    }
  } else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    return cause(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  }
  return [];
}

function workloadCauses(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const replicas = obj.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' });
  }
  const selector = obj.spec?.selector?.matchLabels as Record<string, string> | undefined;
  const labels = (obj.spec?.template?.metadata?.labels ?? {}) as Record<string, string>;
  if (!selector || Object.keys(selector).length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' });
  } else if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
      field: 'spec.template.metadata.labels',
    });
  }
  if (!Array.isArray(obj.spec?.template?.spec?.containers) || obj.spec.template.spec.containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.spec.containers' });
  }
  return causes;
}

/**
 * Validates an object before it is stored, as the API server and Istio's validating webhook would: name format,
 * Deployment/ReplicaSet basics, and for Istio CRs the CRD schema (`validateIstioSchema`), each finding becoming a
 * `FieldValueInvalid` cause. `obj.apiVersion` must be the version the client used (schemas differ per version).
 * @throws ApiError 422 Invalid with `details.causes`.
 */
export function admit(resource: ResourceType, obj: KubeObject): void {
  const causes = nameCauses(resource, obj.metadata.name);
  if (resource.kind === 'Deployment' || resource.kind === 'ReplicaSet' || resource.kind === 'StatefulSet') {
    causes.push(...workloadCauses(obj));
  }
  if (resource.istio) {
    for (const finding of validateIstioSchema(obj)) {
      causes.push({ reason: 'FieldValueInvalid', message: finding.message, ...(finding.path ? { field: finding.path } : {}) });
    }
  }
  if (causes.length > 0) throw invalid(resource, obj.metadata.name, causes);
}
