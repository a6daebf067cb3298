'use client';
import { useQueryClient } from '@tanstack/react-query';
import { sel } from '@/components/test-ids';
import { Select } from '@/components/ui/select';
import { DURATIONS, REFRESH_INTERVALS, useGlobalParams } from '@/lib/query/global-params';

/** Time range ("Last 10m"), stored in the URL as `duration` seconds. */
export function DurationPicker() {
  const { durationSeconds, update } = useGlobalParams();
  return (
    <Select
      labelClassName="picker-inline"
      label={<span className="sr-only">Time range</span>}
      testId={sel.durationPicker}
      value={durationSeconds}
      options={DURATIONS}
      onChange={(v) => update({ durationSeconds: Number(v) })}
    />
  );
}

/** Refresh interval (Pause, 10s … 5m) stored as `refresh` ms, plus a manual refresh button. */
export function RefreshPicker() {
  const { refreshMs, update } = useGlobalParams();
  const queryClient = useQueryClient();
  return (
    <span className="picker-inline">
      <Select
        label={<span className="sr-only">Refresh interval</span>}
        testId={sel.refreshPicker}
        value={refreshMs}
        options={REFRESH_INTERVALS}
        onChange={(v) => update({ refreshMs: Number(v) })}
      />
      <button
        type="button"
        className="icon-button"
        data-testid={sel.refreshButton}
        title="Refresh now"
        aria-label="Refresh now"
        onClick={() => void queryClient.invalidateQueries()}
      >
        ⟳
      </button>
    </span>
  );
}
