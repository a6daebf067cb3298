'use client';
import { useState } from 'react';
import { optionsOf, Select } from '@/components/ui/select';
import type { PodDetail } from '@/lib/contracts/mesh';
import styles from './details.module.css';

/**
 * The pod a workload tab shows (logs, proxy config dump): the one picked by name, else the first of `pods`; null
 * while the pods load or when there are none. `pick(name)` chooses another.
 */
export function usePickedPod(pods: readonly PodDetail[] | undefined): {
  pod: PodDetail | null;
  pick(name: string): void;
} {
  const [podName, setPodName] = useState<string | null>(null);
  const pod = pods?.find((p) => p.name === podName) ?? pods?.[0] ?? null;
  return { pod, pick: setPodName };
}

/** The "Pod" dropdown of a workload tab's toolbar over `pods` (by name), showing `pod`. */
export function PodSelect({
  pods,
  pod,
  pick,
  testId,
}: {
  pods: readonly PodDetail[];
  pod: PodDetail | null;
  pick(name: string): void;
  testId: string;
}) {
  const options = optionsOf(pods.map((p) => p.name));
  return (
    <Select
      label="Pod"
      className={styles.select}
      testId={testId}
      value={pod?.name ?? ''}
      onChange={pick}
      options={options}
    />
  );
}
