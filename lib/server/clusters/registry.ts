/**
 * The cluster registry (issue 18): the home cluster (CLUSTER_NAME, read with KUBECONFIG or the in-cluster account, as
 * with one cluster) plus the clusters of CLUSTERS_DIR and of Istio remote secrets, kept current while the server runs:
 * the directory is watched (fs.watch, debounced) and read again every `pollIntervalMs`, the secrets are read again at
 * the same interval, and a cluster whose file appears, disappears or changes is added, removed or rebuilt without a
 * restart. Kiali needs a redeploy for that (kiali/kiali#6941).
 *
 * The registry holds specs and lazily built runtimes (`ClusterRuntime`: Kubernetes clients, inventory cache,
 * Prometheus client); how a runtime is built is given by the caller (./index.ts for the server, fakes in tests), so
 * this module never connects anywhere itself.
 */
import 'server-only';
import { watch, type FSWatcher } from 'node:fs';
import {
  readClusterDir,
  specsFromRemoteSecrets,
  type ClusterProblem,
  type ClusterSpec,
  type RemoteSecretLike,
  type SpecLimits,
} from './spec';

/** What a connected cluster offers; built on first use, stopped when the cluster is removed or changed. */
export interface ClusterRuntime {
  /** Releases what the runtime started (the inventory cache's watches). */
  stop(): void;
}

export interface RegisteredCluster<R extends ClusterRuntime = ClusterRuntime> {
  name: string;
  /** The cluster Meshscope runs against when there is one cluster (KUBECONFIG / in-cluster). */
  home: boolean;
  source: 'home' | ClusterSpec['source'];
  /** The cluster's own Prometheus URL, when it has one (else the shared PROMETHEUS_URL is used). */
  prometheusUrl?: string;
  jaegerUrl?: string;
  /** `impersonate` when a signed-in user acts on it through its own credentials (ClusterSpec.identity). */
  identity?: ClusterSpec['identity'];
  /** When the registry added (or last rebuilt) it, ISO 8601. */
  since: string;
  fingerprint: string;
  /** The runtime, built on first call. */
  runtime(): R;
}

export interface RegistryOptions<R extends ClusterRuntime> {
  /** CLUSTER_NAME. A file or secret of that name only sets the home cluster's backends. */
  homeName: string;
  dir?: string;
  /** Lists the remote secrets (labelled `istio/multiCluster=true`) of the home cluster; absent = not read. */
  readSecrets?: () => Promise<readonly RemoteSecretLike[]>;
  limits: SpecLimits;
  pollIntervalMs: number;
  /**
   * Builds the runtime of a cluster. For the home cluster (`home` true) `spec` is its file in CLUSTERS_DIR, if any
   * (only its backends count: the home cluster's clients come from KUBECONFIG).
   */
  makeRuntime: (name: string, spec: ClusterSpec | undefined, home: boolean) => R;
  /** Told of every problem (a skipped file, an unreadable directory or secret list). */
  onProblem?: (p: ClusterProblem) => void;
  /** Told of each change after a refresh. */
  onChange?: (change: RegistryChange) => void;
}

export interface RegistryChange {
  added: string[];
  removed: string[];
  changed: string[];
}

interface Entry<R extends ClusterRuntime> {
  cluster: RegisteredCluster<R>;
  built?: R;
}

/** See the module comment. */
export class ClusterRegistry<R extends ClusterRuntime = ClusterRuntime> {
  private readonly entries = new Map<string, Entry<R>>();
  private problemList: ClusterProblem[] = [];
  private running: Promise<RegistryChange> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private first: Promise<RegistryChange> | undefined;

  constructor(private readonly opts: RegistryOptions<R>) {
    this.entries.set(opts.homeName, this.entry(opts.homeName, 'home', undefined, 'home:'));
  }

  private entry(name: string, source: RegisteredCluster['source'], spec: ClusterSpec | undefined, fp: string) {
    const e: Entry<R> = {
      cluster: {
        name,
        home: source === 'home',
        source,
        ...(spec?.prometheusUrl ? { prometheusUrl: spec.prometheusUrl } : {}),
        ...(spec?.jaegerUrl ? { jaegerUrl: spec.jaegerUrl } : {}),
        ...(spec?.identity ? { identity: spec.identity } : {}),
        since: new Date().toISOString(),
        fingerprint: fp,
        runtime: () => (e.built ??= this.opts.makeRuntime(name, spec, source === 'home')),
      },
    };
    return e;
  }

  /** Every cluster, the home one first, then by name. */
  list(): RegisteredCluster<R>[] {
    return [...this.entries.values()]
      .map((e) => e.cluster)
      .sort((a, b) => (a.home === b.home ? a.name.localeCompare(b.name) : a.home ? -1 : 1));
  }

  /** The cluster named `name`, if known. */
  get(name: string): RegisteredCluster<R> | undefined {
    return this.entries.get(name)?.cluster;
  }

  /** The files and secret entries skipped by the last refresh. */
  problems(): readonly ClusterProblem[] {
    return this.problemList;
  }

  /** Resolves once the first refresh is done (starting it if needed); never rejects. */
  ready(): Promise<RegistryChange> {
    this.first ??= this.refresh();
    return this.first;
  }

  /**
   * Reads the sources again and applies the difference: new names are added, missing ones removed (their runtime
   * stopped), those whose fingerprint changed rebuilt. Refreshes never overlap: one asked for while another runs
   * runs once more after it. A source that cannot be read keeps the clusters it gave before (a flapping API or a
   * directory being rewritten must not drop clusters), with a problem. Never rejects.
   */
  refresh(): Promise<RegistryChange> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.doRefresh().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async doRefresh(): Promise<RegistryChange> {
    const problems: ClusterProblem[] = [];
    const keep = new Set<ClusterSpec['source']>();
    const specs: ClusterSpec[] = [];
    if (this.opts.dir) {
      try {
        const r = await readClusterDir(this.opts.dir, this.opts.limits);
        specs.push(...r.specs);
        problems.push(...r.problems);
      } catch (err) {
        keep.add('dir');
        problems.push({ where: this.opts.dir, message: `cannot read the directory: ${(err as Error).message}` });
      }
    }
    if (this.opts.readSecrets) {
      try {
        const r = specsFromRemoteSecrets(await this.opts.readSecrets(), this.opts.limits);
        // a cluster in both (the demo and many installs have both) is the directory's: not a problem
        for (const s of r.specs) if (!specs.some((d) => d.name === s.name)) specs.push(s);
        problems.push(...r.problems);
      } catch (err) {
        keep.add('remote-secret');
        problems.push({ where: 'remote secrets', message: `cannot list them: ${(err as Error).message}` });
      }
    }
    const change = this.apply(specs, keep);
    this.problemList = problems;
    for (const p of problems) this.opts.onProblem?.(p);
    if (change.added.length || change.removed.length || change.changed.length) this.opts.onChange?.(change);
    return change;
  }

  private apply(specs: readonly ClusterSpec[], keep: ReadonlySet<ClusterSpec['source']>): RegistryChange {
    const change: RegistryChange = { added: [], removed: [], changed: [] };
    const wanted = new Map<string, ClusterSpec>();
    for (const s of specs) if (s.name !== this.opts.homeName) wanted.set(s.name, s);
    // the home cluster's backends may come from its file
    const homeSpec = specs.find((s) => s.name === this.opts.homeName);
    const homeFp = `home:${homeSpec?.fingerprint ?? ''}`;
    const home = this.entries.get(this.opts.homeName)!;
    if (home.cluster.fingerprint !== homeFp) {
      home.built?.stop();
      this.entries.set(this.opts.homeName, this.entry(this.opts.homeName, 'home', homeSpec, homeFp));
      change.changed.push(this.opts.homeName);
    }
    for (const [name, e] of this.entries) {
      if (e.cluster.home) continue;
      const next = wanted.get(name);
      if (!next) {
        if (keep.has(e.cluster.source as ClusterSpec['source'])) continue;
        e.built?.stop();
        this.entries.delete(name);
        change.removed.push(name);
      } else if (next.fingerprint !== e.cluster.fingerprint) {
        e.built?.stop();
        this.entries.set(name, this.entry(name, next.source, next, next.fingerprint));
        change.changed.push(name);
      }
    }
    for (const [name, s] of wanted) {
      if (this.entries.has(name)) continue;
      this.entries.set(name, this.entry(name, s.source, s, s.fingerprint));
      change.added.push(name);
    }
    return change;
  }

  /**
   * Starts following the sources: a refresh now, then every `pollIntervalMs`, and soon (250 ms debounce) after the
   * directory reports a change. Timers do not keep the process alive.
   */
  start(): void {
    if (this.timer) return;
    void this.ready();
    this.timer = setInterval(() => void this.refresh(), this.opts.pollIntervalMs);
    this.timer.unref();
    if (this.opts.dir) {
      try {
        this.watcher = watch(this.opts.dir, () => {
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.refresh(), 250);
          this.debounce.unref();
        });
        this.watcher.on('error', () => this.watcher?.close()); // polling still runs
      } catch {
        // fs.watch is not available on every file system; polling covers it
      }
    }
  }

  /** Stops following the sources and every built runtime. */
  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    this.timer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    for (const e of this.entries.values()) e.built?.stop();
  }
}
