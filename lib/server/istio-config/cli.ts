/**
 * `npm run -s validate -- [flags] FILE...`: validate Istio configuration in multi-document YAML files like
 * `istioctl analyze --use-kube=false FILE...` (run as `node --conditions=react-server --import tsx
 * lib/server/istio-config/cli.ts`: the react-server condition lets the `server-only` modules it shares with the app
 * load outside Next). The files together stand for the whole cluster (Namespaces, Nodes, Services, Deployments, Pods
 * and ServiceAccounts in them populate the snapshot the cross-object checks look at); `-` reads standard input.
 * Unless `--no-defaults`, Istio's default resources are added as istioctl adds them (the default ingress gateway Pod
 * and Service in the Istio namespace: lib/istio/analyze-report.ts `defaultResources`).
 *
 * Flags (istioctl's names): `-o/--output log|text|json|yaml` (`--format` is an alias; `text` = `log`),
 * `--meshConfigFile PATH`, `-i/--istio-namespace NS` (also `--istioNamespace`), `--failure-threshold
 * Info|Warning|Error` (default Error), `--output-threshold Info|Warning|Error` (default Info), `-S/--suppress
 * CODE=RESOURCE` (repeatable; RESOURCE as `Kind name.namespace` with `*` wildcards), `--no-defaults`,
 * `--kubeconfig PATH` (the files applied on top of that live cluster, like `istioctl analyze -k -f`; no defaults; files
 * optional), `-n/--namespace NS`, `-A/--all-namespaces`.
 *
 * Namespaces as istioctl (`istioctl/pkg/analyze/analyze.go`, `istiod_analyze.go` `filterMessages`): `-n NS` is the
 * namespace of the files' objects that name none, and only messages on objects of NS (or cluster-scoped ones:
 * Namespace, Node) are reported. With `--kubeconfig`, the namespace is `default` unless `-n` or `-A` (all); a namespace
 * the cluster lacks prints `namespace "NS" not found` and exits 0. One deliberate difference: with files only and
 * neither flag, every namespace is reported (istioctl would keep `default` only, so that files of other namespaces
 * silently pass; the files are taken to be the whole configuration, as `istioctl analyze --use-kube=false -A`).
 *
 * Output: log lines `Error [IST0101] (VirtualService reviews.bookinfo vs.yaml:12) message` on standard output, or a
 * JSON/YAML list of `{code, level, origin, reference, message, documentationUrl, path, column}`. With log output and
 * no message, `✔ No validation issues found when analyzing FILES.` on standard error.
 * Exit status as istioctl's (`istioctl/cmd/root.go`): 0; 79 when a message is at or above `--failure-threshold`
 * (log output only: with json/yaml istioctl exits 0); 64 on a usage error; 65 when a file cannot be parsed (syntax,
 * limits of lib/istio/editor/text-limits.ts `FILE_LIMITS`, empty input: `file:line:col: message` on standard error);
 * 1 on an unreadable file or cluster, a bad mesh config or `--suppress` value (one line on standard error, no stack).
 */
import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import {
  atLeast,
  defaultResources,
  EXIT,
  formatLogLine,
  inNamespace,
  isSuppressed,
  levelOf,
  parseLevel,
  parseMeshConfig,
  parseSuppression,
  toIstioMessage,
  type Level,
  type MeshConfigSettings,
  type Suppression,
} from '@/lib/istio/analyze-report';
import { MESSAGES } from '@/lib/istio/checks';
import { FILE_LIMITS } from '@/lib/istio/editor/text-limits';
import type { ClusterSnapshot } from '@/lib/istio/types';
import { validateSources, type SourceFile, type ValidationRun } from '@/lib/istio/validate-files';
import { x509Problem } from './certificate';

const USAGE =
  'usage: validate [-o log|json|yaml] [--meshConfigFile PATH] [-i ISTIO_NAMESPACE] [--failure-threshold LEVEL]\n' +
  '                [--output-threshold LEVEL] [-S CODE=RESOURCE]... [--no-defaults] [-n NAMESPACE | -A]\n' +
  '                [--kubeconfig PATH] FILE...\n' +
  '       (LEVEL: Info|Warning|Error; use - for standard input; FILE optional with --kubeconfig)';

type Output = 'log' | 'json' | 'yaml';

interface Args {
  output: Output;
  files: string[];
  kubeconfig?: string;
  meshConfigFile?: string;
  istioNamespace: string;
  failureThreshold: Level;
  outputThreshold: Level;
  suppress: string[];
  defaults: boolean;
  /** `-n`: absent = not given. */
  namespace?: string;
  allNamespaces: boolean;
}

const VALUE_FLAGS: Record<string, string> = {
  '-o': 'output',
  '--output': 'output',
  '--format': 'output',
  '--kubeconfig': 'kubeconfig',
  '--meshConfigFile': 'meshConfigFile',
  '-i': 'istioNamespace',
  '--istio-namespace': 'istioNamespace',
  '--istioNamespace': 'istioNamespace',
  '--failure-threshold': 'failureThreshold',
  '--output-threshold': 'outputThreshold',
  '-S': 'suppress',
  '--suppress': 'suppress',
  '-n': 'namespace',
  '--namespace': 'namespace',
};

function parseArgs(argv: string[]): Args | string {
  const args: Args = {
    output: 'log',
    files: [],
    istioNamespace: 'istio-system',
    failureThreshold: 'Error',
    outputThreshold: 'Info',
    suppress: [],
    defaults: true,
    allNamespaces: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const field = VALUE_FLAGS[flag];
    if (field) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (field === 'output') {
        const output = value.toLowerCase() === 'text' ? 'log' : value.toLowerCase();
        if (output !== 'log' && output !== 'json' && output !== 'yaml')
          return `${flag} must be log, text, json or yaml, got ${JSON.stringify(value)}`;
        args.output = output;
      } else if (field === 'failureThreshold' || field === 'outputThreshold') {
        const level = parseLevel(value);
        if (!level) return `${flag} must be Info, Warning or Error, got ${JSON.stringify(value)}`;
        args[field] = level;
      } else if (field === 'suppress') args.suppress.push(value);
      else if (field === 'kubeconfig') args.kubeconfig = value;
      else if (field === 'meshConfigFile') args.meshConfigFile = value;
      else if (field === 'istioNamespace') args.istioNamespace = value;
      else if (field === 'namespace') {
        if (!DNS_LABEL.test(value))
          return `${flag} must be a namespace name (RFC 1123 label), got ${JSON.stringify(value)}`;
        args.namespace = value;
      }
    } else if (arg === '--no-defaults') {
      args.defaults = false;
    } else if (arg === '-A' || arg === '--all-namespaces') {
      args.allNamespaces = true;
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
  if (args.allNamespaces && args.namespace !== undefined) return '-n and -A exclude each other';
  return args.files.length > 0 || args.kubeconfig ? args : 'no files given';
}

/** A Kubernetes namespace name: an RFC 1123 label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The namespace whose messages are reported (null = all) and the one given to the files' objects without one, as
 * istioctl chooses them (`analyze.go`: `-n`, else `default` on a live cluster; `-A` blanks it).
 */
function namespaces(args: Args, live: boolean): { report: string | null; files: string } {
  if (args.allNamespaces) return { report: null, files: 'default' };
  if (args.namespace !== undefined) return { report: args.namespace, files: args.namespace };
  return { report: live ? 'default' : null, files: 'default' };
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
      return EXIT.ok;
    }
    err(`validate: ${args}\n${USAGE}\n`);
    return EXIT.usage;
  }
  const suppressions: Suppression[] = [];
  for (const value of args.suppress) {
    const s = parseSuppression(value);
    if (typeof s === 'string') {
      err(`validate: ${s}\n`);
      return EXIT.unknown;
    }
    if (!(s.code in MESSAGES) && s.code !== 'IST0106' && s.code !== 'MS0002')
      err(`Warning: Supplied message code '${s.code}' is an unknown message code and will not have any effect.\n`);
    suppressions.push(s);
  }
  let mesh: MeshConfigSettings | undefined;
  if (args.meshConfigFile) {
    let parsed: MeshConfigSettings | string;
    try {
      parsed = parseMeshConfig(readFileSync(args.meshConfigFile, 'utf8'));
    } catch (e) {
      parsed = `cannot read it: ${oneLine(e)}`;
    }
    if (typeof parsed === 'string') {
      err(`validate: --meshConfigFile ${args.meshConfigFile}: ${parsed}\n`);
      return EXIT.unknown;
    }
    mesh = parsed;
  }
  const sources: SourceFile[] = [];
  for (const file of args.files) {
    try {
      // A regular file over the limit is refused before it is read (standard input is checked once read, by length).
      if (file !== '-' && statSync(file).size > FILE_LIMITS.maxLength) {
        err(`validate: ${file} is larger than the limit of ${FILE_LIMITS.maxLength} bytes\n`);
        return EXIT.data;
      }
      sources.push({ name: file, text: readFileSync(file === '-' ? 0 : file, 'utf8') });
    } catch (e) {
      err(`validate: cannot read ${file}: ${oneLine(e)}\n`);
      return EXIT.unknown;
    }
  }
  let live: ClusterSnapshot | undefined;
  if (args.kubeconfig) {
    try {
      live = await readLiveSnapshot(args.kubeconfig);
    } catch (e) {
      err(`validate: cannot read the cluster with ${args.kubeconfig}: ${oneLine(e)}\n`);
      return EXIT.unknown;
    }
  }
  const scope = namespaces(args, live !== undefined);
  // istioctl checks the namespace on the live cluster only (`Namespaces().Get`), printing this and returning no error.
  if (live && scope.report !== null && !live.namespaces.some((n) => n.name === scope.report)) {
    err(`namespace ${JSON.stringify(scope.report)} not found\n`);
    return EXIT.ok;
  }
  let run: ValidationRun;
  try {
    // Default resources only for files-only analysis, as istioctl (`if !useKube { sa.AddDefaultResources() }`).
    const defaults = args.defaults && !live ? defaultResources(args.istioNamespace, mesh) : [];
    const options = {
      ...mesh?.analyze,
      defaults,
      defaultNamespace: scope.files,
      checkDer: (der: Uint8Array) => x509Problem(der),
    };
    run = validateSources(sources, options, live);
  } catch (e) {
    err(`validate: cannot validate: ${oneLine(e)}\n`);
    return EXIT.unknown;
  }
  if (!run.ok) {
    const [first, ...others] = run.errors;
    const more = others.length ? ` (and ${others.length} more problem${others.length > 1 ? 's' : ''})` : '';
    err(`${first?.file}:${first?.line}:${first?.column}: ${first?.message}${more}\n`);
    return EXIT.data;
  }
  // Suppressed messages count for nothing; the failure threshold looks at every other one, the output threshold
  // only chooses what is printed (istioctl keeps them decoupled).
  const inScope = scope.report === null ? run.findings : inNamespace(run.findings, scope.report);
  const messages = inScope.filter((f) => !isSuppressed(f, suppressions));
  const shown = messages.filter((f) => atLeast(levelOf(f), args.outputThreshold));
  if (args.output === 'json') out(`${JSON.stringify(shown.map(toIstioMessage), null, 2)}\n`);
  else if (args.output === 'yaml') out(shown.length ? toYaml(shown.map(toIstioMessage)) : '[]\n');
  else {
    for (const finding of shown) out(`${formatLogLine(finding)}\n`);
    if (shown.length === 0) {
      const target = scope.report === null ? 'all namespaces' : `namespace: ${scope.report}`;
      err(`\u2714 No validation issues found when analyzing ${args.files.join('\n') || target}.\n`);
    }
  }
  const failed = messages.some((f) => atLeast(levelOf(f), args.failureThreshold));
  return args.output === 'log' && failed ? EXIT.issues : EXIT.ok;
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
      process.exit(EXIT.unknown);
    },
  );
}
