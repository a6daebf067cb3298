/**
 * Go's `net/url.ParseRequestURI` (and `url.Parse`, for Istio's webhook URL check), which the Kubernetes CEL URL library (`url()`, `isURL()`) uses to decide whether a
 * string is a URL. Ported because `new URL()` accepts and rejects different strings (it is a WHATWG parser):
 * Istio's WasmPlugin rule relies on `isURL("http://" + self)` failing for `#%blah$#@`.
 */
export interface GoUrl {
  scheme: string;
  opaque: string;
  host: string;
  path: string;
  rawQuery: string;
}

function urlError(raw: string, detail: string): Error {
  return new Error(`parse ${JSON.stringify(raw)}: ${detail}`);
}

const isAlpha = (c: string): boolean => /[A-Za-z]/.test(c);
const isAlnum = (c: string): boolean => /[A-Za-z0-9]/.test(c);

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (isAlpha(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw urlError(raw, 'missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

/** `shouldEscape(c, encodeHost)`: characters Go refuses, unescaped, in a host. */
function badHostChar(c: string): boolean {
  if (isAlnum(c) || c.charCodeAt(0) >= 0x80) return false;
  return !`!$&'()*+,;=:[]<>"-_.~`.includes(c);
}

function checkEscapes(raw: string, s: string, mode: 'host' | 'path' | 'userinfo'): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw urlError(raw, `invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      if (mode === 'host' && parseInt(hex.charAt(0), 16) < 8 && hex !== '25') {
        throw urlError(raw, `invalid URL escape ${JSON.stringify(s.slice(i, i + 3))}`);
      }
      i += 2;
    } else if (mode === 'host' && badHostChar(c)) {
      throw urlError(raw, `invalid character ${JSON.stringify(c)} in host name`);
    }
  }
}

const validOptionalPort = (port: string): boolean => port === '' || /^:[0-9]*$/.test(port);

function parseHost(raw: string, host: string): string {
  if (host.startsWith('[')) {
    const end = host.lastIndexOf(']');
    if (end < 0) throw urlError(raw, "missing ']' in host");
    const colonPort = host.slice(end + 1);
    if (!validOptionalPort(colonPort)) throw urlError(raw, `invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      const colonPort = host.slice(colon);
      if (!validOptionalPort(colonPort)) throw urlError(raw, `invalid port ${JSON.stringify(colonPort)} after host`);
    }
  }
  checkEscapes(raw, host, 'host');
  return host;
}

function parseAuthority(raw: string, authority: string): string {
  const at = authority.lastIndexOf('@');
  if (at < 0) return parseHost(raw, authority);
  const userinfo = authority.slice(0, at);
  for (const c of userinfo) {
    if (!isAlnum(c) && !`-._:~!$&'()*+,;=%@`.includes(c)) throw urlError(raw, 'net/url: invalid userinfo');
  }
  checkEscapes(raw, userinfo, 'userinfo');
  return parseHost(raw, authority.slice(at + 1));
}

/** `URL.Hostname()`: the host without its port, and without brackets for an IPv6 address. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/**
 * Port of Go `url.Parse` (a URL or a relative reference, fragment allowed): unlike `ParseRequestURI` it accepts a
 * relative path, refusing a colon in its first segment. Throws on error.
 */
export function parseURL(raw: string): GoUrl {
  const hash = raw.indexOf('#');
  if (hash >= 0) checkEscapes(raw, raw.slice(hash + 1), 'path');
  const target = hash >= 0 ? raw.slice(0, hash) : raw;
  if (/[\x00-\x1f\x7f]/.test(target)) throw urlError(raw, 'net/url: invalid control character in URL');
  const [scheme] = target === '' ? [''] : splitScheme(target);
  const rest = target.slice(scheme === '' ? 0 : scheme.length + 1).split('?')[0]!;
  if (scheme === '' && !rest.startsWith('/')) {
    if (rest.split('/')[0]!.includes(':')) throw urlError(raw, 'first path segment in URL cannot contain colon');
    checkEscapes(raw, rest, 'path');
    return { scheme: '', opaque: '', host: '', path: rest, rawQuery: '' };
  }
  if (scheme === '' && rest.startsWith('//') && !rest.startsWith('///')) {
    const authority = rest.slice(2).split('/')[0]!;
    const path = rest.slice(2 + authority.length);
    checkEscapes(raw, path, 'path');
    return { scheme: '', opaque: '', host: parseAuthority(raw, authority), path, rawQuery: '' };
  }
  return parseRequestURI(target);
}

/** Port of Go `url.ParseRequestURI`: absolute URI or absolute path, no fragment handling. Throws on error. */
export function parseRequestURI(raw: string): GoUrl {
  if (/[\x00-\x1f\x7f]/.test(raw)) throw urlError(raw, 'net/url: invalid control character in URL');
  if (raw === '') throw urlError(raw, 'empty url');
  const url: GoUrl = { scheme: '', opaque: '', host: '', path: '', rawQuery: '' };
  if (raw === '*') return { ...url, path: '*' };
  const [scheme, afterScheme] = splitScheme(raw);
  url.scheme = scheme.toLowerCase();
  let rest = afterScheme;
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') return { ...url, opaque: rest };
    throw urlError(raw, 'invalid URI for request');
  }
  if (url.scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    url.host = parseAuthority(raw, authority);
  }
  checkEscapes(raw, rest, 'path');
  url.path = rest;
  return url;
}

/** Like Kubernetes' `url()`: validate with ParseRequestURI, then read components with the fragment removed. */
export function parseKubernetesUrl(raw: string): GoUrl {
  parseRequestURI(raw);
  const hash = raw.indexOf('#');
  return hash >= 0 ? parseRequestURI(raw.slice(0, hash)) : parseRequestURI(raw);
}
