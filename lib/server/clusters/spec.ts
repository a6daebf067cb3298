/**
 * Where the clusters of a multi-cluster mesh come from (issue 18), as plain data: a directory of kubeconfig files
 * (CLUSTERS_DIR) and Istio remote secrets (the Secrets `istioctl create-remote-secret` writes: label
 * `istio/multiCluster: "true"`, one data key per cluster name whose value is a kubeconfig; Kiali reads the same
 * Secrets, kiali.md §1.12). Nothing here talks to a cluster: the registry (./registry.ts) builds clients from these.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** One cluster as configured (not yet connected). */
export interface ClusterSpec {
  /** The cluster's name: Istio's cluster id, as the `source_cluster`/`destination_cluster` labels carry it. */
  name: string;
  source: 'dir' | 'remote-secret';
  /** The kubeconfig text (YAML or JSON). */
  kubeconfig: string;
  /** Per-cluster Prometheus (`<name>.json` `prometheusUrl`); absent = the shared PROMETHEUS_URL. */
  prometheusUrl?: string;
  /** Per-cluster Jaeger (`<name>.json` `jaegerUrl`); absent = the shared JAEGER_URL. */
  jaegerUrl?: string;
  /**
   * How a signed-in user (token or header sign-in) acts on this cluster (`<name>.json` `identity`, or the remote
   * secret's annotation `meshscope.io/identity`): `token` (default) sends the user's own token, so the cluster's API
   * server must accept it; `impersonate` sends the kubeconfig's own credentials with `Impersonate-User`/`-Group` set to
   * the user the home cluster verified, for clusters that do not trust the home cluster's token issuer.
   */
  identity?: ClusterIdentity;
  /** sha256 of what the spec was read from: a changed file gives a new fingerprint, so the cluster is rebuilt. */
  fingerprint: string;
}

/** How a signed-in user acts on a cluster: see `ClusterSpec.identity`. */
export type ClusterIdentity = 'token' | 'impersonate';

/** The remote-secret annotation that sets `identity` for every cluster of the Secret. */
export const IDENTITY_ANNOTATION = 'meshscope.io/identity';

const identitySchema = z.enum(['token', 'impersonate']);

/** A file or secret entry that was skipped, and why (logged and shown on /api/status). */
export interface ClusterProblem {
  where: string;
  message: string;
}

export interface SpecLimits {
  maxClusters: number;
  maxFileBytes: number;
}

/**
 * A cluster name: what Istio accepts as a cluster id and Prometheus as a label value, kept to 63 characters of
 * `[A-Za-z0-9._-]` starting and ending alphanumeric, so it is safe in URLs, node ids and PromQL literals.
 */
export const CLUSTER_NAME_RE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

/** `<name>.json` beside a kubeconfig: the cluster's own backends. Unknown keys are refused (typos show). */
export const clusterBackendsSchema = z
  .object({ prometheusUrl: httpUrl.optional(), jaegerUrl: httpUrl.optional(), identity: identitySchema.optional() })
  .strict();

const KUBECONFIG_EXT = ['.kubeconfig', '.yaml', '.yml'];

function fingerprint(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('hex');
}

async function readCapped(file: string, maxBytes: number): Promise<string> {
  const s = await stat(file);
  if (!s.isFile()) throw new Error('not a regular file');
  if (s.size > maxBytes) throw new Error(`larger than ${maxBytes} bytes (CLUSTERS_MAX_FILE_BYTES)`);
  return readFile(file, 'utf8');
}

/**
 * Reads CLUSTERS_DIR: every `<name>.kubeconfig|.yaml|.yml` is a cluster named `<name>`, with its backends from
 * `<name>.json` when present. Files are taken in name order; a file too large, unreadable, badly named, or whose
 * `.json` does not validate is skipped with a problem, as are clusters beyond `maxClusters` and a second file for
 * the same name. Other files (and dot files) are ignored.
 * @throws Error only when the directory itself cannot be listed
 */
export async function readClusterDir(
  dir: string,
  limits: SpecLimits,
): Promise<{ specs: ClusterSpec[]; problems: ClusterProblem[] }> {
  const entries = (await readdir(dir)).filter((f) => !f.startsWith('.')).sort();
  const specs: ClusterSpec[] = [];
  const problems: ClusterProblem[] = [];
  const seen = new Set<string>();
  for (const file of entries) {
    const ext = KUBECONFIG_EXT.find((e) => file.endsWith(e));
    if (!ext) continue;
    const name = file.slice(0, -ext.length);
    const where = path.join(dir, file);
    if (!CLUSTER_NAME_RE.test(name)) {
      problems.push({ where, message: `"${name}" is not a cluster name (letters, digits, . _ -; at most 63)` });
      continue;
    }
    if (seen.has(name)) {
      problems.push({ where, message: `cluster ${name} already has a kubeconfig file; this one is ignored` });
      continue;
    }
    if (specs.length >= limits.maxClusters) {
      problems.push({ where, message: `more than ${limits.maxClusters} clusters (CLUSTERS_MAX); ignored` });
      continue;
    }
    try {
      const kubeconfig = await readCapped(where, limits.maxFileBytes);
      let backends: z.infer<typeof clusterBackendsSchema> = {};
      let backendsText = '';
      const jsonFile = path.join(dir, `${name}.json`);
      if (entries.includes(`${name}.json`)) {
        backendsText = await readCapped(jsonFile, limits.maxFileBytes);
        const parsed = clusterBackendsSchema.safeParse(JSON.parse(backendsText));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new Error(`${name}.json: ${issue?.path.join('.') || 'file'} ${issue?.message ?? 'is invalid'}`);
        }
        backends = parsed.data;
      }
      seen.add(name);
      specs.push({
        name,
        source: 'dir',
        kubeconfig,
        ...(backends.prometheusUrl ? { prometheusUrl: backends.prometheusUrl } : {}),
        ...(backends.jaegerUrl ? { jaegerUrl: backends.jaegerUrl } : {}),
        ...(backends.identity ? { identity: backends.identity } : {}),
        fingerprint: fingerprint(kubeconfig, backendsText),
      });
    } catch (err) {
      problems.push({ where, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { specs, problems };
}

/** The parts of a Secret this module reads (client-node's V1Secret fits). */
export interface RemoteSecretLike {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
}

/** The label `istioctl create-remote-secret` puts on remote secrets. */
export const REMOTE_SECRET_LABEL = 'istio/multiCluster';

/**
 * The clusters of Istio remote secrets: each data key of a Secret labelled `istio/multiCluster: "true"` is a cluster
 * name whose (base64) value is its kubeconfig. Bad names, values too large or not decodable are skipped with a
 * problem; the first secret (by name) wins for a cluster named twice. The annotation `meshscope.io/identity`
 * (`token` | `impersonate`) sets `identity` for the Secret's clusters; another value skips the Secret with a problem.
 */
export function specsFromRemoteSecrets(
  secrets: readonly RemoteSecretLike[],
  limits: SpecLimits,
): { specs: ClusterSpec[]; problems: ClusterProblem[] } {
  const specs: ClusterSpec[] = [];
  const problems: ClusterProblem[] = [];
  const sorted = [...secrets]
    .filter((s) => s.metadata?.labels?.[REMOTE_SECRET_LABEL] === 'true')
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const secret of sorted) {
    const secretName = `${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
    const annotated = secret.metadata?.annotations?.[IDENTITY_ANNOTATION];
    const identity = annotated === undefined ? undefined : identitySchema.safeParse(annotated);
    if (identity && !identity.success) {
      problems.push({
        where: `secret ${secretName}`,
        message: `annotation ${IDENTITY_ANNOTATION} must be "token" or "impersonate", not "${annotated}"`,
      });
      continue;
    }
    for (const [name, value] of Object.entries(secret.data ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const where = `secret ${secretName} key ${name}`;
      if (!CLUSTER_NAME_RE.test(name)) {
        problems.push({ where, message: `"${name}" is not a cluster name` });
        continue;
      }
      if (specs.some((s) => s.name === name)) {
        problems.push({ where, message: `cluster ${name} is already defined by another secret; ignored` });
        continue;
      }
      if (specs.length >= limits.maxClusters) {
        problems.push({ where, message: `more than ${limits.maxClusters} clusters (CLUSTERS_MAX); ignored` });
        continue;
      }
      if (value.length > Math.ceil((limits.maxFileBytes * 4) / 3) + 4) {
        problems.push({ where, message: `larger than ${limits.maxFileBytes} bytes (CLUSTERS_MAX_FILE_BYTES)` });
        continue;
      }
      const kubeconfig = Buffer.from(value, 'base64').toString('utf8');
      if (!kubeconfig.trim()) {
        problems.push({ where, message: 'empty or not base64' });
        continue;
      }
      specs.push({
        name,
        source: 'remote-secret',
        kubeconfig,
        ...(identity?.data ? { identity: identity.data } : {}),
        fingerprint: fingerprint(kubeconfig, identity?.data ?? ''),
      });
    }
  }
  return { specs, problems };
}
