'use client';
import { useQueryClient } from '@tanstack/react-query';
import { sel } from '@/components/test-ids';
import { DURATIONS, REFRESH_INTERVALS, useGlobalParams } from '@/lib/query/global-params';

/** Time range ("Last 10m"), stored in the URL as `duration` seconds. */
export function DurationPicker() {
  const { durationSeconds, update } = useGlobalParams();
  return (
    <label className="picker-inline">
      <span className="sr-only">Time range</span>
      <select
        data-testid={sel.durationPicker}
        value={durationSeconds}
        onChange={(e) => update({ durationSeconds: Number(e.target.value) })}
      >
        {DURATIONS.map((d) => (
          <option key={d.value} value={d.value}>
            {d.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Refresh interval (Pause, 10s … 5m) stored as `refresh` ms, plus a manual refresh button. */
export function RefreshPicker() {
  const { refreshMs, update } = useGlobalParams();
  const queryClient = useQueryClient();
  return (
    <span className="picker-inline">
      <label>
        <span className="sr-only">Refresh interval</span>
        <select data-testid={sel.refreshPicker} value={refreshMs} onChange={(e) => update({ refreshMs: Number(e.target.value) })}>
          {REFRESH_INTERVALS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
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
