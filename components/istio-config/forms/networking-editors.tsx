'use client';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { Checkbox } from '@/components/ui/checkbox';
import {
  GATEWAY_PROTOCOLS,
  SERVER_TLS_MODES,
  type GatewayForm,
  type GatewayProtocol,
  type ServerTlsMode,
} from '@/lib/istio/forms/gateway';
import {
  SE_LOCATIONS,
  SE_PROTOCOLS,
  SE_RESOLUTIONS,
  type SeProtocol,
  type SeResolution,
  type ServiceEntryForm,
} from '@/lib/istio/forms/service-entry';
import { OUTBOUND_MODES, type SidecarForm } from '@/lib/istio/forms/sidecar';
import { removeAt, replaceAt } from '@/lib/istio/forms/merge';
import type { FormProblem } from '@/lib/istio/forms/validate';
import { ListField, optionalChoice, problemsAt, SelectField, SelectorField, TextField } from './inputs';
import styles from '../istio.module.css';

interface Props<T> {
  form: T;
  onChange: (form: T) => void;
  problems: FormProblem[];
}

const f = sel.istio.formField;

export function Problems({ problems, path }: { problems: FormProblem[]; path: string }) {
  const here = problems.filter((p) => p.path === path).map((p) => p.message);
  return (
    <>
      {here.map((m) => (
        <small key={m} className={styles.fieldError} role="alert">
          {m}
        </small>
      ))}
    </>
  );
}

/**
 * The entries of a list that keeps at least one: `render(entry, i, remove, set)` draws each, with `remove` the button
 * that takes it out (null while it is the only one) and `set` replacing it, then a button appends `newEntry`.
 */
export function EntryList<T>({
  list,
  onChange,
  newEntry,
  addLabel,
  removeLabel,
  render,
}: {
  list: T[];
  onChange: (list: T[]) => void;
  newEntry: T;
  addLabel: string;
  removeLabel: string;
  render: (entry: T, i: number, remove: ReactNode, set: (entry: T) => void) => ReactNode;
}) {
  return (
    <>
      {list.map((entry, i) =>
        render(
          entry,
          i,
          list.length < 2 ? null : (
            <button type="button" className={styles.secondary} onClick={() => onChange(removeAt(list, i))}>
              {removeLabel}
            </button>
          ),
          (next) => onChange(replaceAt(list, i, next)),
        ),
      )}
      <button type="button" className={styles.secondary} onClick={() => onChange([...list, newEntry])}>
        {addLabel}
      </button>
    </>
  );
}

/** A port as the port fields edit it: number, name and protocol, all as typed. */
interface PortValue {
  number: string;
  name: string;
  protocol: string;
}

/**
 * The number, name and protocol fields of one port (a Gateway server's or a ServiceEntry's). `keys` names the form's
 * own fields for number and name: the problems at `${path}.${key}` show under each, and the test ids are
 * `${testIdPrefix}-${key}` (protocol: `${testIdPrefix}-protocol`).
 */
function PortFields({
  port,
  keys,
  nameLabel,
  protocols,
  problems,
  path,
  testIdPrefix,
  onChange,
}: {
  port: PortValue;
  keys: { number: string; name: string };
  nameLabel: string;
  protocols: readonly string[];
  problems: FormProblem[];
  path: string;
  testIdPrefix: string;
  onChange: (port: PortValue) => void;
}) {
  return (
    <>
      <TextField
        label="Port"
        errors={problemsAt(problems, `${path}.${keys.number}`)}
        value={port.number}
        onChange={(number) => onChange({ ...port, number })}
        testId={f(`${testIdPrefix}-${keys.number}`)}
      />
      <TextField
        label={nameLabel}
        errors={problemsAt(problems, `${path}.${keys.name}`)}
        value={port.name}
        onChange={(name) => onChange({ ...port, name })}
        testId={f(`${testIdPrefix}-${keys.name}`)}
      />
      <SelectField
        label="Protocol"
        value={port.protocol}
        options={protocols}
        onChange={(protocol) => onChange({ ...port, protocol })}
        testId={f(`${testIdPrefix}-protocol`)}
      />
    </>
  );
}

/** Istio Gateway: the gateway workload selector and its servers (port, hosts, TLS). */
export function GatewayEditor(props: Props<GatewayForm>) {
  const { form, onChange, problems } = props;
  return (
    <div className={styles.form}>
      <SelectorField
        {...props}
        label="Gateway workload selector"
        hint="The gateway pods that serve it: istio=ingressgateway for the ingress gateway."
      />
      <Problems problems={problems} path="servers" />
      <EntryList
        list={form.servers}
        onChange={(servers) => onChange({ ...form, servers })}
        newEntry={{ port: '443', portName: 'https', protocol: 'HTTPS', hosts: ['*'], tlsMode: 'SIMPLE' }}
        addLabel="Add server"
        removeLabel="Remove server"
        render={(s, i, remove, setServer) => (
          <fieldset key={i} className={styles.fieldset}>
            <legend>Server {i + 1}</legend>
            <div className={styles.row}>
              <PortFields
                port={{ number: s.port, name: s.portName, protocol: s.protocol }}
                keys={{ number: 'port', name: 'portName' }}
                nameLabel="Port name"
                protocols={GATEWAY_PROTOCOLS}
                problems={problems}
                path={`servers.${i}`}
                testIdPrefix={`server${i}`}
                onChange={(p) =>
                  setServer({ ...s, port: p.number, portName: p.name, protocol: p.protocol as GatewayProtocol })
                }
              />
            </div>
            <ListField
              label="Hosts"
              errors={problemsAt(problems, `servers.${i}.hosts`)}
              hint="Comma-separated: httpbin.example.com, *.example.com, * (any); prefix namespace/ to limit who binds."
              value={s.hosts}
              onChange={(hosts) => setServer({ ...s, hosts: hosts ?? [] })}
              testId={f(`server${i}-hosts`)}
            />
            <div className={styles.row}>
              <SelectField
                label="TLS mode"
                errors={problemsAt(problems, `servers.${i}.tlsMode`)}
                value={s.tlsMode ?? ''}
                options={SERVER_TLS_MODES}
                empty="(no TLS)"
                onChange={(v) => setServer({ ...s, tlsMode: (v || undefined) as ServerTlsMode })}
                testId={f(`server${i}-tlsMode`)}
              />
              {s.tlsMode && (
                <TextField
                  label="credentialName (Secret)"
                  errors={problemsAt(problems, `servers.${i}.credentialName`)}
                  value={s.credentialName ?? ''}
                  onChange={(credentialName) => setServer({ ...s, credentialName })}
                  testId={f(`server${i}-credentialName`)}
                />
              )}
              {s.protocol === 'HTTP' && (
                <Checkbox
                  label="Redirect to HTTPS"
                  checked={!!s.httpsRedirect}
                  onChange={(on) => setServer({ ...s, httpsRedirect: on || undefined })}
                />
              )}
            </div>
            {remove}
          </fieldset>
        )}
      />
    </div>
  );
}

/** ServiceEntry: hosts, ports, location, resolution, endpoints, addresses. */
export function ServiceEntryEditor({ form, onChange, problems }: Props<ServiceEntryForm>) {
  return (
    <div className={styles.form}>
      <ListField
        label="Hosts"
        errors={problemsAt(problems, 'hosts')}
        hint="The external names the mesh may call: pypi.org, *.github.com."
        value={form.hosts}
        onChange={(hosts) => onChange({ ...form, hosts: hosts ?? [] })}
        testId={f('hosts')}
      />
      <div className={styles.row}>
        <SelectField
          label="Location"
          options={SE_LOCATIONS}
          empty="(not set: MESH_EXTERNAL)"
          {...optionalChoice(form, 'location', onChange)}
        />
        <SelectField
          label="Resolution"
          value={form.resolution}
          options={SE_RESOLUTIONS}
          onChange={(v) => onChange({ ...form, resolution: v as SeResolution })}
          testId={f('resolution')}
        />
      </div>
      <Problems problems={problems} path="ports" />
      <EntryList
        list={form.ports}
        onChange={(ports) => onChange({ ...form, ports })}
        newEntry={{ number: '80', name: 'http', protocol: 'HTTP' }}
        addLabel="Add port"
        removeLabel="×"
        render={(p, i, remove, setPort) => (
          <div key={i} className={styles.row}>
            <PortFields
              port={p}
              keys={{ number: 'number', name: 'name' }}
              nameLabel="Name"
              protocols={SE_PROTOCOLS}
              problems={problems}
              path={`ports.${i}`}
              testIdPrefix={`port${i}`}
              onChange={(q) => setPort({ ...p, ...q, protocol: q.protocol as SeProtocol })}
            />
            {remove}
          </div>
        )}
      />
      <ListField
        label="Endpoints (addresses)"
        inputLabel="Endpoints"
        errors={problemsAt(problems, 'endpoints')}
        hint="Needed with STATIC resolution: IP addresses of the service."
        value={form.endpoints}
        onChange={(endpoints) => onChange({ ...form, endpoints })}
        testId={f('endpoints')}
      />
      <ListField
        label="Addresses (virtual IPs or CIDR)"
        inputLabel="Addresses"
        errors={problemsAt(problems, 'addresses')}
        value={form.addresses}
        onChange={(addresses) => onChange({ ...form, addresses })}
        testId={f('addresses')}
      />
    </div>
  );
}

/** Sidecar: workload selector, egress listeners (hosts, port), outbound traffic policy. */
export function SidecarEditor(props: Props<SidecarForm>) {
  const { form, onChange, problems } = props;
  return (
    <div className={styles.form}>
      <SelectorField {...props} hint="Empty: every workload of the namespace (one such Sidecar per namespace)." />
      <SelectField
        label="Outbound traffic policy"
        options={OUTBOUND_MODES}
        empty="(mesh default)"
        {...optionalChoice(form, 'outboundMode', onChange)}
      />
      <Problems problems={problems} path="egress" />
      <EntryList
        list={form.egress}
        onChange={(egress) => onChange({ ...form, egress })}
        newEntry={{ hosts: ['./*'] }}
        addLabel="Add egress listener"
        removeLabel="Remove listener"
        render={(e, i, remove, setEgress) => (
          <fieldset key={i} className={styles.fieldset}>
            <legend>Egress listener {i + 1}</legend>
            <ListField
              label="Hosts"
              inputLabel="Egress hosts"
              errors={problemsAt(problems, `egress.${i}.hosts`)}
              hint="namespace/dnsName: ./* (this namespace), istio-system/*, */pypi.org"
              value={e.hosts}
              onChange={(hosts) => setEgress({ ...e, hosts: hosts ?? [] })}
              testId={f(`egress${i}-hosts`)}
            />
            <TextField
              label="Port (empty: every port)"
              errors={problemsAt(problems, `egress.${i}.port`)}
              value={e.port ?? ''}
              onChange={(port) => setEgress({ ...e, port: port || undefined })}
              testId={f(`egress${i}-port`)}
            />
            {remove}
          </fieldset>
        )}
      />
    </div>
  );
}
