/**
 * `npm run -s validate -- [--format text|json] FILE...`: validate Istio configuration in multi-document YAML files,
 * (run as `node --conditions=react-server --import tsx lib/server/istio-config/cli.ts`: the react-server condition
 * lets the `server-only` modules it shares with the app load outside Next), which together stand for the whole cluster (Namespaces, Services, Deployments, Pods and
 * ServiceAccounts in the files populate the snapshot the cross-object checks look at). `-` reads standard input.
 *
 * Prints one line per finding (or a JSON array with `--format json`). Exit status: 1 when any finding is an error
 * (a document without `apiVersion` or `kind` is one, MS0002), 0 otherwise, 2 with one line on standard error (no
 * stack) on usage errors, unreadable files, files over the size limit, empty input, and YAML that cannot be parsed
 * within the limits (syntax, nesting depth, keys, list items, alias bombs: lib/istio/editor/text-limits.ts
 * `FILE_LIMITS`), printed as `file:line:col: message` (the first problem, with the count of the others).
 * With `--kubeconfig PATH`, the files are validated as applied on top of that live cluster (like `istioctl analyze -k
 * -f`): the cluster is read with the kubeconfig's credentials, and an object in the files replaces the live one of
 * the same kind, namespace and name. An unreachable cluster exits 2 with the reason.
 */
import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import { FILE_LIMITS } from '@/lib/istio/editor/text-limits';
import type { ClusterSnapshot } from '@/lib/istio/types';
import { formatFinding, validateSources, type SourceFile, type ValidationRun } from '@/lib/istio/validate-files';

const USAGE = 'usage: validate [--format text|json] [--kubeconfig PATH] FILE... (use - for standard input)';

interface Args {
  format: 'text' | 'json';
  files: string[];
  kubeconfig?: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { format: 'text', files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice('--format='.length) : argv[++i];
      if (value !== 'text' && value !== 'json')
        return `--format must be text or json, got ${JSON.stringify(value ?? '')}`;
      args.format = value;
    } else if (arg === '--kubeconfig' || arg.startsWith('--kubeconfig=')) {
      const value = arg.includes('=') ? arg.slice('--kubeconfig='.length) : argv[++i];
      if (!value) return '--kubeconfig needs a file';
      args.kubeconfig = value;
    } else if (arg === '-h' || arg === '--help') {
      return '';
    } else if (arg === '--') {
      args.files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else {
      args.files.push(arg);
    }
  }
  return args.files.length > 0 ? args : 'no files given';
}

/**
 * Reads the live cluster's snapshot with the kubeconfig's own credentials (Node only: loaded on demand so this module
 * stays free of server code). @throws MeshscopeError when the cluster cannot be read.
 */
async function readLiveSnapshot(kubeconfig: string): Promise<ClusterSnapshot> {
  process.env.KUBECONFIG = kubeconfig;
  process.env.AUTH_STRATEGY = 'anonymous';
  const { readClusterSnapshot } = await import('./snapshot');
  return readClusterSnapshot();
}

/** Run the CLI; resolves to the exit status. Output goes through the given writers (process streams by default). */
export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args === '') {
      out(`${USAGE}\n`);
      return 0;
    }
    err(`validate: ${args}\n${USAGE}\n`);
    return 2;
  }
  const sources: SourceFile[] = [];
  for (const file of args.files) {
    try {
      // A regular file over the limit is refused before it is read (standard input is checked once read, by length).
      if (file !== '-' && statSync(file).size > FILE_LIMITS.maxLength) {
        err(`validate: ${file} is larger than the limit of ${FILE_LIMITS.maxLength} bytes\n`);
        return 2;
      }
      sources.push({ name: file, text: readFileSync(file === '-' ? 0 : file, 'utf8') });
    } catch (e) {
      err(`validate: cannot read ${file}: ${oneLine(e)}\n`);
      return 2;
    }
  }
  let live: ClusterSnapshot | undefined;
  if (args.kubeconfig) {
    try {
      live = await readLiveSnapshot(args.kubeconfig);
    } catch (e) {
      err(`validate: cannot read the cluster with ${args.kubeconfig}: ${oneLine(e)}\n`);
      return 2;
    }
  }
  let run: ValidationRun;
  try {
    run = validateSources(sources, {}, live);
  } catch (e) {
    err(`validate: cannot validate: ${oneLine(e)}\n`);
    return 2;
  }
  if (!run.ok) {
    const [first, ...others] = run.errors;
    const more = others.length ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
    err(`${first?.file}:${first?.line}:${first?.column}: ${first?.message}${more}\n`);
    return 2;
  }
  if (args.format === 'json') out(`${JSON.stringify(run.findings, null, 2)}\n`);
  else if (run.findings.length === 0) out(`No validation issues found (${run.objectCount} objects).\n`);
  else for (const finding of run.findings) out(`${formatFinding(finding)}\n`);
  return run.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** An error's message on one line, without a stack. */
function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
}

const isEntryPoint = process.argv[1] !== undefined && /(^|[\\/])cli\.ts$/.test(process.argv[1]);
if (isEntryPoint) {
  void main(process.argv.slice(2)).then(
    (status) => process.exit(status),
    (e: unknown) => {
      process.stderr.write(`validate: ${oneLine(e)}\n`);
      process.exit(2);
    },
  );
}
