/**
 * What the gateway checks need of a Kubernetes Secret named by a Gateway's `credentialName`: whether it holds a
 * certificate Istio can serve. Istio's `gateway.SecretAnalyzer` reports IST0161 InvalidGatewayCredential when
 * `kube.ExtractCertInfo` fails (neither non-empty `cert` and `key`, the generic keys, nor `tls.crt` and `tls.key`) or
 * `xds.ValidateCertificate` fails on the certificate (its first PEM block does not decode or is not X.509
 * certificates, or one of them is outside its validity period). Pure: the X.509 part is given by the caller
 * (`checkDer`, e.g. lib/server/istio-config/certificate.ts with Node's crypto); without it only the keys and PEM
 * framing are checked (a certificate that looks right counts as usable: no false alarm).
 */
import type { SecretRef } from './types';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the DER bytes of a PEM block as X.509 certificates; returns the problem, or undefined when usable. */
export type DerCheck = (der: Uint8Array) => string | undefined;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(value: string): Uint8Array | null {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  const binary = atob(compact);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * The Secret's values as text: `data` (base64) decoded, `stringData` over it (as the API server merges them on
 * `kubectl apply`). A `data` value that is not base64 reads as empty.
 */
function secretValues(obj: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(obj.data))
    for (const [key, value] of Object.entries(obj.data)) {
      const bytes = typeof value === 'string' ? decodeBase64(value) : null;
      out[key] = bytes ? new TextDecoder().decode(bytes) : '';
    }
  if (isObject(obj.stringData))
    for (const [key, value] of Object.entries(obj.stringData)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** `pem.Decode`: the first `-----BEGIN …-----` block's bytes, or null. */
function firstPemBlock(text: string): Uint8Array | null {
  const m = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  // headers (`Proc-Type: …`) end at a blank line; the body is base64
  const body = (m[2] ?? '').split(/\r?\n\r?\n/).pop() ?? '';
  return decodeBase64(body);
}

/** Why the Secret cannot serve a certificate (Istio's reasons), or undefined when it can. */
export function secretCertificateProblem(obj: Json, checkDer?: DerCheck): string | undefined {
  const values = secretValues(obj);
  const pair = (cert: string, key: string) => (values[cert] && values[key] ? values[cert] : undefined);
  const cert = pair('cert', 'key') ?? pair('tls.crt', 'tls.key');
  if (cert === undefined) return "found secret, but didn't have expected keys (cert and key) or (tls.crt and tls.key)";
  const der = firstPemBlock(cert);
  if (!der) return 'pem decode failed';
  return checkDer?.(der);
}

/** The `SecretRef` of a Secret object (namespace `default` when it names none). */
export function secretRef(obj: Json, checkDer?: DerCheck): SecretRef {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const invalid = secretCertificateProblem(obj, checkDer);
  const multiCluster = isObject(meta.labels) && meta.labels['istio/multiCluster'] === 'true';
  return {
    namespace: typeof meta.namespace === 'string' && meta.namespace ? meta.namespace : 'default',
    name: String(meta.name ?? ''),
    ...(invalid ? { invalid } : {}),
    ...(multiCluster ? { multiClusterIds: Object.keys(secretValues(obj)) } : {}),
  };
}
