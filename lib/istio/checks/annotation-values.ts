/**
 * The value checks Istio's injector runs on its annotations (istio/istio `pkg/kube/inject/validate.go`,
 * `inject.AnnotationValidation`), with the error texts Go prints, for IST0125 InvalidAnnotation. Not ported:
 * `proxy.istio.io/config` (`validateProxyConfig` applies the YAML to a full ProxyConfig and validates it), which is
 * never reported.
 */

import { isGoIP } from '../schema/cel/env';

const MAX_UINT16 = 65535;
const MAX_UINT32 = 4294967295;

/** `strconv.ParseUint(value, 10, bits)`: the error Go prints, or undefined. */
function parseUintError(value: string, max: number): string | undefined {
  if (!/^\d+$/.test(value)) return `strconv.ParseUint: parsing ${JSON.stringify(value)}: invalid syntax`;
  if (Number(value) > max) return `strconv.ParseUint: parsing ${JSON.stringify(value)}: value out of range`;
  return undefined;
}

/** `parsePort`: a port number after trimming spaces. */
function parsePortError(port: string): string | undefined {
  const err = parseUintError(port.trim(), MAX_UINT16);
  return err && `failed parsing port '${port}': ${err}`;
}

/** `validatePortList`: comma-separated ports (empty is fine). */
function portListError(parameter: string, ports: string): string | undefined {
  const trimmed = ports.trim();
  if (trimmed === '') return undefined;
  for (const port of trimmed.split(',')) {
    const err = parsePortError(port);
    if (err) return `${parameter} invalid: failed parsing port '${port}': ${err}`;
  }
  return undefined;
}

/** `netip.ParsePrefix`: the error Go prints, or undefined. */
function parsePrefixError(cidr: string): string | undefined {
  const where = `netip.ParsePrefix(${JSON.stringify(cidr)})`;
  const slash = cidr.lastIndexOf('/');
  if (slash < 0) return `${where}: no '/'`;
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const v4 = !addr.includes(':');
  if (!isGoIP(addr)) return `${where}: ParseAddr(${JSON.stringify(addr)}): unable to parse IP`;
  if (!/^(0|[1-9]\d*)$/.test(bits)) return `${where}: bad bits after slash: ${JSON.stringify(bits)}`;
  if (Number(bits) > (v4 ? 32 : 128)) return `${where}: prefix length out of range`;
  return undefined;
}

/** `validateCIDRList`: comma-separated CIDRs, not trimmed (empty is fine). */
function cidrListError(parameter: string, cidrs: string): string | undefined {
  if (cidrs === '') return undefined;
  for (const cidr of cidrs.split(',')) {
    const err = parsePrefixError(cidr);
    if (err) return `${parameter} invalid: failed parsing cidr '${cidr}': ${err}`;
  }
  return undefined;
}

const BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Annotation name → check of its value (the problem, or undefined when valid). */
export const ANNOTATION_VALIDATION: ReadonlyMap<string, (value: string) => string | undefined> = new Map([
  [
    'sidecar.istio.io/interceptionMode',
    (v: string) =>
      ['REDIRECT', 'TPROXY', 'NONE'].includes(v)
        ? undefined
        : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${v}`,
  ],
  [
    'status.sidecar.istio.io/port',
    (v: string) => {
      const err = parsePortError(v);
      return err && `excludeInboundPorts invalid: ${err}`;
    },
  ],
  ['readiness.status.sidecar.istio.io/initialDelaySeconds', (v: string) => parseUintError(v, MAX_UINT32)],
  ['readiness.status.sidecar.istio.io/periodSeconds', (v: string) => parseUintError(v, MAX_UINT32)],
  ['readiness.status.sidecar.istio.io/failureThreshold', (v: string) => parseUintError(v, MAX_UINT32)],
  [
    'traffic.sidecar.istio.io/includeOutboundIPRanges',
    (v: string) => (v === '*' ? undefined : cidrListError('includeIPRanges', v)),
  ],
  ['traffic.sidecar.istio.io/excludeOutboundIPRanges', (v: string) => cidrListError('excludeIPRanges', v)],
  [
    'traffic.sidecar.istio.io/includeInboundPorts',
    (v: string) => (v === '*' ? undefined : portListError('includeInboundPorts', v)),
  ],
  ['traffic.sidecar.istio.io/excludeInboundPorts', (v: string) => portListError('excludeInboundPorts', v)],
  ['traffic.sidecar.istio.io/excludeOutboundPorts', (v: string) => portListError('excludeOutboundPorts', v)],
  [
    'prometheus.istio.io/merge-metrics',
    (v: string) => (BOOLS.has(v) ? undefined : `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`),
  ],
]);
