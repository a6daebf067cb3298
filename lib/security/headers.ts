/**
 * Response security headers (reference/perf-security.md S8, S13, S21; Kiali #9593 hardening):
 * - `Content-Security-Policy` with `frame-ancestors` from `FRAME_ANCESTORS` (default `'self'`). No `X-Frame-Options`:
 *   it cannot express a list of portals and would conflict with the CSP (RFC 7034 §4).
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`.
 *
 * Pages get a nonce-based script policy (`'strict-dynamic'`: only scripts Next marks with the request's nonce run, so
 * markup injected through a label value cannot execute). API answers are JSON and get a policy that allows nothing.
 * Pure and runtime-neutral.
 */
import 'server-only';

export interface CspOptions {
  /** CSP `frame-ancestors` sources: `'self'`, `'none'` or origins. */
  frameAncestors: readonly string[];
  /** A fresh random value per page request; omitted for API answers. */
  nonce?: string;
  /** `next dev` needs `'unsafe-eval'` (React's dev error overlay). */
  dev?: boolean;
}

const SOURCE = /^('self'|'none'|https?:\/\/[^\s;,'"]+)$/;

/** Keeps only well-formed `frame-ancestors` sources; an empty result means `'self'`. `'none'` wins over the rest. */
export function frameAncestorSources(values: readonly string[]): string[] {
  const ok = values.map((v) => v.trim().replace(/\/+$/, '')).filter((v) => SOURCE.test(v));
  if (ok.includes("'none'")) return ["'none'"];
  return ok.length ? [...new Set(ok)] : ["'self'"];
}

/** The CSP for an HTML page (with `nonce`) or for an API answer (without). */
export function buildCsp(opts: CspOptions): string {
  const ancestors = frameAncestorSources(opts.frameAncestors).join(' ');
  if (!opts.nonce) {
    return [`default-src 'none'`, `frame-ancestors ${ancestors}`, `base-uri 'none'`, `form-action 'none'`].join('; ');
  }
  const script = [`'self'`, `'nonce-${opts.nonce}'`, `'strict-dynamic'`, ...(opts.dev ? [`'unsafe-eval'`] : [])].join(
    ' ',
  );
  return [
    `default-src 'self'`,
    `script-src ${script}`,
    // React style attributes, CodeMirror's and recharts' injected styles: styles cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${opts.dev ? ' ws: wss:' : ''}`,
    `worker-src 'self' blob:`,
    `frame-src 'none'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** Headers every response carries besides the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** A nonce for one page response: 128 random bits, base64 (Web Crypto, available in Edge and Node). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
