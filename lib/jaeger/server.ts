/**
 * The process's Jaeger clients (server only): the shared one (JAEGER_URL) and those of clusters that name their own
 * (issue 18, CLUSTERS_DIR `<name>.json` `jaegerUrl`), which take the shared settings (JAEGER_HEADERS,
 * JAEGER_TOKEN_FILE, JAEGER_TIMEOUT_MS, JAEGER_MAX_BYTES) or their defaults.
 */
import 'server-only';
import { getConfig, type MeshscopeConfig } from '@/lib/config';
import { MeshscopeError } from '@/lib/errors';
import { createJaegerClient } from './client';
import type { JaegerClient } from './types';

/** A Jaeger to query and the link to its UI (`JAEGER_EXTERNAL_URL`, the shared Jaeger's only; else null). */
export interface JaegerTarget {
  client: JaegerClient;
  externalUrl: string | null;
}

let shared: { cfg: NonNullable<MeshscopeConfig['jaeger']>; target: JaegerTarget } | undefined;

/** The shared Jaeger (JAEGER_URL). @throws MeshscopeError unavailable:jaeger when JAEGER_URL is not set */
export function getJaegerClient(): JaegerTarget {
  const cfg = getConfig().jaeger;
  if (!cfg)
    throw new MeshscopeError(
      'unavailable:jaeger',
      'Tracing is not configured: set JAEGER_URL to your Jaeger query service',
    );
  if (shared?.cfg !== cfg)
    shared = { cfg, target: { client: createJaegerClient(cfg), externalUrl: cfg.externalUrl ?? null } };
  return shared.target;
}

/** Defaults of a cluster's own Jaeger when JAEGER_URL (and with it JAEGER_TIMEOUT_MS...) is not set. */
const OWN_DEFAULTS = { timeoutMs: 10_000, maxBytes: 32 * 1024 * 1024 };

/**
 * A Jaeger getter for a cluster: its own `jaegerUrl` (one client, made on first use) with the shared settings, else
 * the shared Jaeger (`getJaegerClient`, whose errors it throws).
 */
export function clusterJaeger(jaegerUrl: string | undefined): () => JaegerTarget {
  if (!jaegerUrl) return getJaegerClient;
  let own: JaegerTarget | undefined;
  return () => {
    if (!own) {
      const base = getConfig().jaeger;
      const cfg = base
        ? { ...base, url: jaegerUrl, externalUrl: undefined }
        : { url: jaegerUrl, headers: {}, ...OWN_DEFAULTS };
      own = { client: createJaegerClient(cfg), externalUrl: null };
    }
    return own;
  };
}
