/**
 * Start-up checks run once by instrumentation.ts in the Node server (never during `next build`):
 * - the configuration and sign-in settings parse (a bad value — an empty or example `SESSION_SECRET`, anonymous
 *   exposed through `ALLOWED_HOSTS` without `AUTH_ANONYMOUS_UNSAFE=true`, a Prometheus or Jaeger URL on a cloud
 *   metadata or link-local address — stops the server with one line naming the variable: perf-security.md S11, S12,
 *   S16);
 * - warnings for the weaker set-ups (anonymous; a random per-process session key);
 * - the peer-address hook the header strategy needs (lib/auth/peer.ts), and the request-target hook that answers
 *   absolute-form request lines naming a foreign host with 421 (lib/security/request-target.ts).
 */
import 'server-only';
import * as http from 'node:http';
import { ConfigError, loadConfig } from '@/lib/config';
import { logger } from '@/lib/log';
import { edgeSettings } from '@/lib/security/edge';
import { backendUrlProblem } from '@/lib/security/backends';
import { installRequestTargetGuard } from '@/lib/security/request-target';
import { loadAuthConfig } from './config';
import { installPeerHeader } from './peer';

/** Warnings about the configuration, one line each. @throws ConfigError for a value that must stop start-up. */
export function startupWarnings(env: Record<string, string | undefined>): string[] {
  const cfg = loadConfig(env);
  const auth = loadAuthConfig(env, cfg);
  const allowLinkLocal = env.BACKEND_ALLOW_LINK_LOCAL === 'true';
  for (const [variable, url] of [
    ['PROMETHEUS_URL', cfg.prometheus.url],
    ['JAEGER_URL', cfg.jaeger?.url],
  ] as const) {
    const problem = url ? backendUrlProblem(url, allowLinkLocal) : null;
    if (problem) throw new ConfigError(variable, problem);
  }
  const out: string[] = [];
  if (auth.strategy === 'anonymous') {
    out.push(
      "AUTH_STRATEGY=anonymous: every visitor acts with the server's own Kubernetes credentials; reach Meshscope only through kubectl port-forward (or set AUTH_STRATEGY=token|header)",
    );
  }
  if (auth.strategy === 'token' && auth.randomKey) {
    out.push(
      'SESSION_SECRET is not set: sessions use a random key and end when the server restarts (and do not work across replicas)',
    );
  }
  if (auth.strategy === 'header' && auth.proxyAddresses.length === 0) {
    out.push('AUTH_PROXY_ADDRESSES is not set: Impersonate-* headers are ignored from every client');
  }
  return out;
}

/**
 * The start-up line naming the effective CSP `frame-ancestors` (what the proxy sends: FRAME_ANCESTORS with malformed
 * entries dropped, `'self'` when none is left), so a refused iframe can be matched to the configuration.
 */
export function frameAncestorsLine(env: Record<string, string | undefined>): string {
  const sources = edgeSettings(env).frameAncestors;
  return `Embedding: pages are served with CSP "frame-ancestors ${sources.join(' ')}"${
    env.FRAME_ANCESTORS ? '' : ' (FRAME_ANCESTORS not set)'
  }; other origins cannot frame Meshscope`;
}

/**
 * Checks the environment; on a ConfigError prints `ConfigError: VARIABLE: problem` and exits with status 1.
 * @param exit injectable for tests.
 */
export function startupChecks(
  env: Record<string, string | undefined> = process.env,
  exit: (code: number) => void = (c) => process.exit(c),
): void {
  if (env.NEXT_PHASE === 'phase-production-build') return;
  try {
    for (const w of startupWarnings(env)) logger.warn(w);
    logger.info({ frameAncestors: edgeSettings(env).frameAncestors }, frameAncestorsLine(env));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`ConfigError: ${err.message}`);
    exit(1);
    return;
  }
  installPeerHeader(http);
  installRequestTargetGuard(http, env);
}
