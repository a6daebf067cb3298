'use client';
import { useEffect, useRef, useState } from 'react';
import { sel } from '@/components/test-ids';
import { fieldBinder } from '@/components/ui/bind-field';
import { Checkbox } from '@/components/ui/checkbox';
import { optionsOf, Select } from '@/components/ui/select';
import { ErrorState } from '@/components/ui/states';
import { usePodLogs } from '@/lib/query/mesh';
import type { PodDetail } from '@/lib/contracts/mesh';
import { PodSelect, usePickedPod } from './pod-picker';
import styles from './details.module.css';

const TAIL_OPTIONS = optionsOf([50, 100, 500, 1000, 5000], (t) => `last ${t}`);
const FOLLOW_MS = 2000;

/**
 * The Logs tab of a workload (Kiali's Logs): pod and container pickers (the app container first, `istio-proxy`
 * too), tail length, timestamps, and follow (polls every 2 s and keeps the view at the bottom).
 */
export function LogsTab({
  namespace,
  workload,
  pods,
  podsError,
}: {
  namespace: string;
  workload: string;
  pods: PodDetail[] | undefined;
  podsError: Error | null;
}) {
  const [containerName, setContainerName] = useState<string | null>(null);
  const [tailLines, setTailLines] = useState(100);
  const [timestamps, setTimestamps] = useState(true);
  const [follow, setFollow] = useState(false);
  const { pod, pick } = usePickedPod(pods);
  const containers = pod ? [...pod.containers].sort((a, b) => Number(a.isProxy) - Number(b.isProxy)) : [];
  const container = containers.find((c) => c.name === containerName) ?? containers[0] ?? null;
  const containerOptions = containers.map((c) => ({ value: c.name, label: `${c.name}${c.isProxy ? ' (proxy)' : ''}` }));
  const logs = usePodLogs(namespace, workload, {
    pod: pod?.name ?? null,
    container: container?.name ?? null,
    tailLines,
    timestamps,
    followMs: follow ? FOLLOW_MS : 0,
  });
  const select = fieldBinder(styles.select, { container: container?.name ?? '', tailLines }, (key, v) =>
    key === 'container' ? setContainerName(v) : setTailLines(Number(v)),
  );
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [logs.data, follow]);

  if (podsError && !pods) return <ErrorState title="Cannot list the workload's pods" error={podsError} />;
  if (!pods) return <p className="muted">Loading pods…</p>;
  if (pods.length === 0) return <p className="muted">– This workload has no pods, so there are no logs.</p>;
  return (
    <div data-testid={sel.mesh.logs}>
      <div className={styles.toolbar}>
        <PodSelect pods={pods} pod={pod} pick={pick} testId={sel.mesh.logsPod} />
        <Select label="Container" testId={sel.mesh.logsContainer} options={containerOptions} {...select('container')} />
        <Select label="Lines" testId={sel.mesh.logsTail} options={TAIL_OPTIONS} {...select('tailLines')} />
        <Checkbox label="Timestamps" checked={timestamps} onChange={setTimestamps} testId={sel.mesh.logsTimestamps} />
        <Checkbox label="Follow" checked={follow} onChange={setFollow} testId={sel.mesh.logsFollow} />
        {logs.isFetching && <span className={styles.small}>updating…</span>}
        {logs.data && (
          <span className={styles.small}>
            {logs.data.lines.length} lines{logs.data.truncated ? ' (older lines not shown)' : ''}
          </span>
        )}
      </div>
      {logs.isError ? (
        <ErrorState
          title={`Cannot read the logs of ${pod?.name}/${container?.name}`}
          error={logs.error}
          onRetry={() => void logs.refetch()}
        />
      ) : (
        <pre
          ref={box}
          className={styles.logs}
          data-testid={sel.mesh.logsLines}
          data-count={logs.data?.lines.length ?? 0}
        >
          {logs.isPending ? 'Loading…' : logs.data && logs.data.lines.length === 0 ? '– No log lines.' : null}
          {logs.data?.lines.map((l, i) => (
            <div key={i}>
              {l.timestamp && <span className={styles.logTime}>{l.timestamp}</span>}
              {l.message}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
