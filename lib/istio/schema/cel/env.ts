/**
 * The CEL environment Kubernetes gives `x-kubernetes-validations` rules, as far as Istio's and the Gateway API's CRDs
 * need it, on top of
 * `@bufbuild/cel`'s standard library and its `strings` extension (`substring`, `indexOf`, ...).
 *
 * Added here (k8s.io/apiserver/pkg/cel/library):
 * - `url(string)`, `isURL(string)`, `<URL>.getScheme()/getHost()/getHostname()/getPort()/getEscapedPath()` (urls.go),
 *   backed by a port of Go's `url.ParseRequestURI`;
 * - `isIP(string)` (ip.go), which the Gateway API's TLSRoute hostnames rule uses: IPv4 without leading zeros, or IPv6
 *   without a zone and not IPv4-mapped, as the library's strict parser accepts;
 * - `int(string)` overridden only to word conversion errors as cel-go does ("type conversion error from 'string' to
 *   'int'"), which is what the API server prints and what users search for.
 *
 * Not available: optional field syntax (`self.?x`, `.orValue()`), which @bufbuild/cel 0.6's parser does not accept;
 * no Istio rule uses it (`schema.test.ts` compiles every rule in the CRDs to keep it that way).
 */
import { CelScalar, celEnv, celFunc, celMethod, isCelMap, type CelEnv, type CelMap } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { hostnameOf, parseKubernetesUrl, parseRequestURI, type GoUrl } from './go-url';

/** Key under which a parsed URL is stored in the opaque map that stands for the Kubernetes `URL` type. */
const URL_KEY = '@kubernetes.URL';

function urlOf(target: CelMap): GoUrl {
  const url = target.get(URL_KEY);
  if (typeof url !== 'string') throw new Error('no such overload: receiver is not a URL');
  return JSON.parse(url) as GoUrl;
}

function portOf(host: string): string {
  const end = host.startsWith('[') ? host.indexOf(']') + 1 : host.lastIndexOf(':');
  const colonPort = end >= 0 ? host.slice(end) : '';
  return colonPort.startsWith(':') ? colonPort.slice(1) : '';
}

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Kubernetes' strict IP check (k8s.io/apiserver/pkg/cel/library/ip.go `isIP`). */
export const isStrictIP = (s: string): boolean => isIP(s, false);

/** Go's `net.ParseIP`/`netip.ParseAddr` without zones: also the IPv4-mapped form (`::ffff:a.b.c.d`). */
export const isGoIP = (s: string): boolean => isIP(s, true);

function isIP(s: string, allowMapped: boolean): boolean {
  if (IPV4.test(s)) return true;
  if (!s.includes(':') || s.includes('%')) return false;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return false;
    // An embedded IPv4 tail is allowed, but not the IPv4-mapped form (::ffff:a.b.c.d), which the library rejects.
    if (
      !allowMapped &&
      /^(?:(?:0{1,4}:){5}|::(?:0{1,4}:){0,4}|(?:0{1,4}:){1,4}:)ffff:$/i.test(text.slice(0, lastColon + 1))
    )
      return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = (h: string) => (h === '' ? [] : h.split(':'));
  const head = parts(halves[0]!);
  const rest = halves.length === 2 ? parts(halves[1]!) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = head.length + rest.length;
  return halves.length === 2 ? count < 8 : count === 8;
}

const urlMethod = (name: string, read: (url: GoUrl) => string) =>
  celMethod(name, CelScalar.DYN, [], CelScalar.STRING, function (this: unknown) {
    if (!isCelMap(this)) throw new Error(`no such overload: ${name}`);
    return read(urlOf(this));
  });

const kubernetesFuncs = [
  celFunc('url', [CelScalar.STRING], CelScalar.DYN, (s: string) => {
    let url: GoUrl;
    try {
      url = parseKubernetesUrl(s);
    } catch (err) {
      throw new Error(`URL parse error during conversion from string: ${(err as Error).message}`);
    }
    return new Map([[URL_KEY, JSON.stringify(url)]]);
  }),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (s: string) => {
    try {
      parseRequestURI(s);
      return true;
    } catch {
      return false;
    }
  }),
  urlMethod('getScheme', (url) => url.scheme),
  urlMethod('getHost', (url) => url.host),
  urlMethod('getHostname', (url) => hostnameOf(url.host)),
  urlMethod('getPort', (url) => portOf(url.host)),
  urlMethod('getEscapedPath', (url) => url.path),
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (s: string) => isStrictIP(s)),
  celFunc('int', [CelScalar.STRING], CelScalar.INT, (s: string) => {
    if (!/^[-+]?\d+$/.test(s)) throw new Error("type conversion error from 'string' to 'int'");
    const value = BigInt(s);
    if (value > 9223372036854775807n || value < -9223372036854775808n) throw new Error('integer overflow');
    return value;
  }),
];

let env: CelEnv | undefined;

/** The shared environment (created once; plans compiled against it are cached by the rule evaluator). */
export function kubernetesCelEnv(): CelEnv {
  env ??= celEnv({ funcs: [...strings, ...kubernetesFuncs] });
  return env;
}
