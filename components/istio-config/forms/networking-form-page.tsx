'use client';
import { gatewayFromForm, gatewayToForm, newGatewayForm } from '@/lib/istio/forms/gateway';
import {
  k8sGatewayFromForm,
  k8sGatewayProblems,
  k8sGatewayToForm,
  newK8sGatewayForm,
} from '@/lib/istio/forms/k8s-gateway';
import { gatewayProblems, serviceEntryProblems, sidecarProblems } from '@/lib/istio/forms/networking-validate';
import { newServiceEntryForm, serviceEntryFromForm, serviceEntryToForm } from '@/lib/istio/forms/service-entry';
import { newSidecarForm, sidecarFromForm, sidecarToForm } from '@/lib/istio/forms/sidecar';
import type { NetworkingFormKind } from '../kinds';
import { K8sGatewayEditor } from './k8s-gateway-editor';
import { GatewayEditor, ServiceEntryEditor, SidecarEditor } from './networking-editors';
import { FormShell, formModel, type FormPageProps } from './security-form-page';

const GW = formModel('Gateway', gatewayToForm, gatewayFromForm, gatewayProblems, newGatewayForm, GatewayEditor);
const K8S_GW = formModel(
  'Gateway (Gateway API)',
  k8sGatewayToForm,
  k8sGatewayFromForm,
  k8sGatewayProblems,
  newK8sGatewayForm,
  K8sGatewayEditor,
);
const SE = formModel(
  'ServiceEntry',
  serviceEntryToForm,
  serviceEntryFromForm,
  serviceEntryProblems,
  newServiceEntryForm,
  ServiceEntryEditor,
);
const SC = formModel('Sidecar', sidecarToForm, sidecarFromForm, sidecarProblems, newSidecarForm, SidecarEditor);

/**
 * `/istio/new/{gateways|k8sgateways|serviceentries|sidecars}` and their edit pages: the networking forms (ingress with
 * Istio's Gateway or the Gateway API's, egress and Sidecar tasks), on the same shell as the security forms (live
 * validation, dry run, diff, impact, save).
 */
export function NetworkingFormPage(props: FormPageProps & { plural: NetworkingFormKind }) {
  if (props.plural === 'gateways') return <FormShell model={GW} {...props} />;
  if (props.plural === 'k8sgateways') return <FormShell model={K8S_GW} {...props} />;
  if (props.plural === 'serviceentries') return <FormShell model={SE} {...props} />;
  return <FormShell model={SC} {...props} />;
}
