/**
 * For tests that run the real kubectl against the demo API (kubectl.test.ts, auth.test.ts, deploy-manifests.test.ts):
 * where kubectl is, and what to do when it is missing. Those tests never skip themselves: a missing or too old kubectl
 * fails them with KUBECTL_MISSING, which says how to get one.
 */
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestCluster } from '../test-cluster';

/** The environment variables read here (process.env by default). */
export type Env = Record<string, string | undefined>;

/** Oldest kubectl minor version the tests accept: older ones read OpenAPI v2, which the demo API does not serve. */
export const KUBECTL_MIN_MINOR = 27;

/** The one message that says how to get kubectl. */
export const KUBECTL_MISSING =
  `kubectl 1.${KUBECTL_MIN_MINOR}+ not found (KUBECTL or PATH): install the kubectl package from pkgs.k8s.io ` +
  '(https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/; as root `bash scripts/ensure-deps.sh --browser` ' +
  "installs it once that apt source is set up; Debian's kubernetes-client 1.20 is too old), or set KUBECTL=/path/to/kubectl";

function isExecutableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The kubectl to run: `KUBECTL` when set (null if it is not an executable file), else the first `kubectl` on PATH. */
export function findKubectl(env: Env = process.env): string | null {
  if (env.KUBECTL) return isExecutableFile(env.KUBECTL) ? env.KUBECTL : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, 'kubectl'))) return path.join(dir, 'kubectl');
  }
  return null;
}

/** The client's minor version (`kubectl version --client -o json`), or null when it does not answer. */
export function kubectlMinor(bin: string): number | null {
  try {
    const out = JSON.parse(
      execFileSync(bin, ['version', '--client', '-o', 'json'], { encoding: 'utf8', timeout: 10_000 }),
    ) as {
      clientVersion?: { minor?: string };
    };
    const minor = Number.parseInt(out.clientVersion?.minor ?? '', 10);
    return Number.isNaN(minor) ? null : minor;
  } catch {
    return null;
  }
}

/** A kubectl the tests can use: found, and 1.27 or newer. */
export function usableKubectl(env: Env = process.env): string | null {
  const bin = findKubectl(env);
  const minor = bin === null ? null : kubectlMinor(bin);
  return minor !== null && minor >= KUBECTL_MIN_MINOR ? bin : null;
}

/** `bin`, or throws KUBECTL_MISSING (so a test that needs kubectl fails saying how to get it). */
export function requireKubectl(bin: string | null): string {
  if (bin === null) throw new Error(KUBECTL_MISSING);
  return bin;
}

/** What one kubectl run gave: its exit code (0 on success) and its output. */
export interface KubectlRun {
  code: number;
  stdout: string;
  stderr: string;
}

let kubectlBin: string | null | undefined;

/**
 * Runs the real kubectl (usableKubectl(), looked up once) with `args` against `cluster`: its kubeconfig, a cache and
 * HOME in its folder, a 20 s request timeout. A failing kubectl is an answer (its exit code and output), not an error;
 * only a missing kubectl throws (KUBECTL_MISSING), so the test fails saying how to get one.
 */
export async function runKubectl(
  cluster: Pick<TestCluster, 'kubeconfig' | 'dir'>,
  args: string[],
): Promise<KubectlRun> {
  if (kubectlBin === undefined) kubectlBin = usableKubectl();
  const bin = requireKubectl(kubectlBin);
  const flags = [
    '--kubeconfig',
    cluster.kubeconfig,
    '--cache-dir',
    path.join(cluster.dir, 'cache'),
    '--request-timeout',
    '20s',
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(bin, [...flags, ...args], {
      env: { ...process.env, HOME: cluster.dir },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(err) };
  }
}
