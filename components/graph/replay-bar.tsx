'use client';
import { sel } from '@/components/test-ids';
import { frameLabel, REPLAY_LENGTHS, replayFrames } from './replay';

/** A replay in progress: its frames (`queryTime`s), the one shown, whether it plays, and the stretch chosen. */
export interface ReplayState {
  frames: number[];
  index: number;
  playing: boolean;
  lengthSeconds: number;
}

/** A new replay of the last `lengthSeconds`, at its first frame, paused. */
export function startReplay(lengthSeconds: number, nowMs = Date.now()): ReplayState {
  return { frames: replayFrames(nowMs / 1000, lengthSeconds), index: 0, playing: false, lengthSeconds };
}

/**
 * The replay bar (Kiali's replay): choose how far back, then play, pause or step through the frames, or drag the
 * slider; each frame is the graph of the page's duration ending at that time.
 */
export function ReplayBar({
  replay,
  durationSeconds,
  loading,
  onChange,
  onClose,
}: {
  replay: ReplayState;
  durationSeconds: number;
  loading: boolean;
  onChange(next: ReplayState): void;
  onClose(): void;
}) {
  const last = replay.frames.length - 1;
  const at = (index: number) => onChange({ ...replay, index: Math.max(0, Math.min(last, index)), playing: false });
  const minutes = Math.round(durationSeconds / 60);
  return (
    <div
      className="graph-banner graph-note graph-replay"
      role="group"
      aria-label="Replay"
      data-testid={sel.graph.replayBar}
    >
      <select
        className="picker"
        aria-label="Replay from"
        value={replay.lengthSeconds}
        onChange={(e) => onChange(startReplay(Number(e.target.value)))}
      >
        {REPLAY_LENGTHS.map((l) => (
          <option key={l.seconds} value={l.seconds}>
            {l.label}
          </option>
        ))}
      </select>
      <button type="button" className="picker" onClick={() => at(0)} title="First frame" aria-label="First frame">
        «
      </button>
      <button type="button" className="picker" onClick={() => at(replay.index - 1)} aria-label="Previous frame">
        ◀
      </button>
      <button
        type="button"
        className="picker"
        data-testid={sel.graph.replayPlay}
        aria-label={replay.playing ? 'Pause' : 'Play'}
        onClick={() =>
          onChange({ ...replay, playing: !replay.playing, index: replay.index >= last ? 0 : replay.index })
        }
      >
        {replay.playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" className="picker" onClick={() => at(replay.index + 1)} aria-label="Next frame">
        ▶
      </button>
      <input
        type="range"
        min={0}
        max={last}
        value={replay.index}
        aria-label="Replay time"
        data-testid={sel.graph.replaySlider}
        onChange={(e) => at(Number(e.target.value))}
      />
      <span data-testid={sel.graph.replayFrame} aria-live="polite">
        <strong>{frameLabel(replay.frames[replay.index]!)}</strong> · the {minutes} min before · frame{' '}
        {replay.index + 1} of {replay.frames.length}
        {loading ? ' · loading…' : ''}
      </span>
      <button type="button" className="picker" onClick={onClose}>
        Back to live
      </button>
    </div>
  );
}
