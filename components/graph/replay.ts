/**
 * Replay (Kiali's graph replay): step through a past stretch of time, one frame per `step` seconds, each frame the
 * graph API's answer for the selected duration ending at that frame's `queryTime`. Pure: the frames and their labels.
 */

/** How far back a replay starts (Kiali's replay start choices), seconds. */
export const REPLAY_LENGTHS: { label: string; seconds: number }[] = [
  { label: 'Last 15 minutes', seconds: 15 * 60 },
  { label: 'Last 30 minutes', seconds: 30 * 60 },
  { label: 'Last hour', seconds: 3600 },
  { label: 'Last 3 hours', seconds: 3 * 3600 },
];

/** Most frames one replay has: longer stretches take longer steps. */
export const MAX_FRAMES = 60;

/**
 * The frames (`queryTime`s, unix seconds, oldest first) of a replay of the `lengthSeconds` before `nowSeconds`: one
 * per minute, or per `lengthSeconds / MAX_FRAMES` rounded up to whole minutes when that is more; the last is now,
 * rounded down to the minute so frames are shared between reloads (and cached).
 * @throws RangeError when the length is not a positive number of seconds.
 */
export function replayFrames(nowSeconds: number, lengthSeconds: number): number[] {
  if (!(lengthSeconds > 0) || !Number.isFinite(lengthSeconds)) throw new RangeError('replay length must be > 0 s');
  const step = Math.max(60, Math.ceil(lengthSeconds / MAX_FRAMES / 60) * 60);
  const end = Math.floor(nowSeconds / 60) * 60;
  const count = Math.max(1, Math.floor(lengthSeconds / step));
  return Array.from({ length: count + 1 }, (_, i) => end - (count - i) * step);
}

/** "14:05" (local time) for a frame, with the seconds when they are not zero. */
export function frameLabel(queryTime: number): string {
  const d = new Date(queryTime * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const s = d.getSeconds();
  return `${two(d.getHours())}:${two(d.getMinutes())}${s ? `:${two(s)}` : ''}`;
}
