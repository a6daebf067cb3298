'use client';
import { gatewayFromForm, gatewayToForm, newGatewayForm, type GatewayForm } from '@/lib/istio/forms/gateway';
import {
  k8sGatewayFromForm,
  k8sGatewayProblems,
  k8sGatewayToForm,
  newK8sGatewayForm,
  type K8sGatewayForm,
} from '@/lib/istio/forms/k8s-gateway';
import { gatewayProblems, serviceEntryProblems, sidecarProblems } from '@/lib/istio/forms/networking-validate';
import {
  newServiceEntryForm,
  serviceEntryFromForm,
  serviceEntryToForm,
  type ServiceEntryForm,
} from '@/lib/istio/forms/service-entry';
import { newSidecarForm, sidecarFromForm, sidecarToForm, type SidecarForm } from '@/lib/istio/forms/sidecar';
import type { NetworkingFormKind } from '../kinds';
import { K8sGatewayEditor } from './k8s-gateway-editor';
import { GatewayEditor, ServiceEntryEditor, SidecarEditor } from './networking-editors';
import { FormShell, type FormModel, type FormPageProps } from './security-form-page';

const GW: FormModel<GatewayForm> = {
  kind: 'Gateway',
  toForm: gatewayToForm,
  fromForm: gatewayFromForm,
  problems: gatewayProblems,
  newForm: (ns) => newGatewayForm(ns),
  Editor: GatewayEditor,
};
const K8S_GW: FormModel<K8sGatewayForm> = {
  kind: 'Gateway (Gateway API)',
  toForm: k8sGatewayToForm,
  fromForm: k8sGatewayFromForm,
  problems: k8sGatewayProblems,
  newForm: (ns) => newK8sGatewayForm(ns),
  Editor: K8sGatewayEditor,
};
const SE: FormModel<ServiceEntryForm> = {
  kind: 'ServiceEntry',
  toForm: serviceEntryToForm,
  fromForm: serviceEntryFromForm,
  problems: serviceEntryProblems,
  newForm: (ns) => newServiceEntryForm(ns),
  Editor: ServiceEntryEditor,
};
const SC: FormModel<SidecarForm> = {
  kind: 'Sidecar',
  toForm: sidecarToForm,
  fromForm: sidecarFromForm,
  problems: sidecarProblems,
  newForm: (ns) => newSidecarForm(ns),
  Editor: SidecarEditor,
};

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
