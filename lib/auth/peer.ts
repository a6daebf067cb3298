/**
 * Who is on the other end of the TCP connection, for the header strategy: `Impersonate-*` headers count only when the
 * connection comes from `AUTH_PROXY_ADDRESSES` (reference/perf-security.md S15).
 *
 * Next does not give route handlers the socket, and its `X-Forwarded-For` keeps whatever the client sent. So
 * instrumentation.ts installs `installPeerHeader()`, which stamps every incoming request with
 * `X-Meshscope-Peer: <per-process secret> <socket address>` before Next sees it, replacing any value a client sent.
 * `peerAddress()` accepts the header only with that secret, so a client cannot forge it; without the hook (tests,
 * `next dev` before instrumentation ran) the peer is unknown and nobody is trusted.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { processGlobal } from '@/lib/config/process-global';

export const PEER_HEADER = 'x-meshscope-peer';

const INSTALLED = Symbol.for('meshscope.auth.peerHookInstalled');

function peerSecret(): string {
  return processGlobal('meshscope.auth.peerSecret', () => randomBytes(18).toString('base64url'));
}

/** Writes the trusted peer header on a raw request (called for every request by the hook). */
export function stampPeer(req: IncomingMessage): void {
  const addr = req.socket?.remoteAddress ?? '';
  req.headers[PEER_HEADER] = `${peerSecret()} ${addr}`;
}

/**
 * Patches `http.Server` so every request is stamped before any listener (Next) sees it. Idempotent.
 * Node-only; call from instrumentation.ts.
 */
export function installPeerHeader(http: typeof import('node:http')): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const emit = http.Server.prototype.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function patchedEmit(
    this: unknown,
    event: string | symbol,
    ...args: unknown[]
  ): boolean {
    if (event === 'request' && args[0]) stampPeer(args[0] as IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

/** The socket address of the request's client, or null when the header is missing or forged. */
export function peerAddress(headers: Headers): string | null {
  const v = headers.get(PEER_HEADER);
  if (!v) return null;
  const [secret, addr] = v.split(' ');
  if (secret !== peerSecret() || !addr) return null;
  return addr;
}

type Parsed = { bytes: number[]; prefix: number };

function ipBytes(addr: string): number[] | null {
  const a = addr.startsWith('::ffff:') && isIP(addr.slice(7)) === 4 ? addr.slice(7) : addr;
  if (isIP(a) === 4) return a.split('.').map(Number);
  if (isIP(a) !== 6) return null;
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const part = (s: string | undefined) => (s ? s.split(':') : []);
  const h = part(head);
  const t = part(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
}

/** Parses `10.0.0.5`, `10.0.0.0/24`, `::1`, `fd00::/8`; null when invalid. */
export function parseCidr(cidr: string): Parsed | null {
  const [addr, len] = cidr.trim().split('/');
  const bytes = addr ? ipBytes(addr) : null;
  if (!bytes) return null;
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (len !== undefined && !/^\d+$/.test(len))) return null;
  return { bytes, prefix };
}

/** True when `addr` (IPv4, IPv6 or IPv4-mapped IPv6) lies in one of `cidrs`. */
export function addressInCidrs(addr: string | null, cidrs: readonly string[]): boolean {
  const ip = addr ? ipBytes(addr) : null;
  if (!ip) return false;
  return cidrs.some((c) => {
    const net = parseCidr(c);
    if (!net || net.bytes.length !== ip.length) return false;
    for (let bit = 0; bit < net.prefix; bit++) {
      const i = bit >> 3;
      const mask = 0x80 >> (bit & 7);
      if ((ip[i]! & mask) !== (net.bytes[i]! & mask)) return false;
    }
    return true;
  });
}
