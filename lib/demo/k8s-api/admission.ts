import { dns1123LabelErrors, dns1123SubdomainErrors } from '../../istio/names';
import { validateIstioSchema } from '../../istio/schema';
import type { KubeObject } from '../store/object-store';
import type { ResourceType } from '../store/resources';
import { invalid, type StatusCause } from './status';

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The API server's name checks (apimachinery `ValidateObjectMeta`): a cause per error string, as the server gives. */
function nameCauses(resource: ResourceType, name: string): StatusCause[] {
  const causes = (messages: string[]): StatusCause[] =>
    messages.map((message) => ({
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": ${message}`,
      field: 'metadata.name',
    }));
  if (resource.kind === 'Service') {
    if (!DNS1035_LABEL.test(name) || name.length > 63) {
      return causes([
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ]);
    }
    return [];
  }
  return causes(resource.kind === 'Namespace' ? dns1123LabelErrors(name) : dns1123SubdomainErrors(name));
}

function workloadCauses(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const replicas = obj.spec?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
    causes.push({
      reason: 'FieldValueInvalid',
      message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      field: 'spec.replicas',
    });
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
      causes.push({
        reason: 'FieldValueInvalid',
        message: finding.message,
        ...(finding.path ? { field: finding.path } : {}),
      });
    }
  }
  if (causes.length > 0) throw invalid(resource, obj.metadata.name, causes);
}
