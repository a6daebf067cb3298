'use client';
import { gatewayFromForm, gatewayToForm, newGatewayForm, type GatewayForm } from '@/lib/istio/forms/gateway';
import { gatewayProblems, serviceEntryProblems, sidecarProblems } from '@/lib/istio/forms/networking-validate';
import {
  newServiceEntryForm,
  serviceEntryFromForm,
  serviceEntryToForm,
  type ServiceEntryForm,
} from '@/lib/istio/forms/service-entry';
import { newSidecarForm, sidecarFromForm, sidecarToForm, type SidecarForm } from '@/lib/istio/forms/sidecar';
import type { NetworkingFormKind } from '../kinds';
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
 * `/istio/new/{gateways|serviceentries|sidecars}` and their edit pages: the Istio networking forms (ingress, egress and
 * Sidecar tasks), on the same shell as the security forms (live validation, dry run, diff, impact, save).
 */
export function NetworkingFormPage(props: FormPageProps & { plural: NetworkingFormKind }) {
  if (props.plural === 'gateways') return <FormShell model={GW} {...props} />;
  if (props.plural === 'serviceentries') return <FormShell model={SE} {...props} />;
  return <FormShell model={SC} {...props} />;
}
