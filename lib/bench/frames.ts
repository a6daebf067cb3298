/**
 * Pan/zoom frame rate of the graph canvas (issue 17: "pan/zoom at 30 frames/s or better, measured in the browser"):
 * an in-page script pans the cytoscape viewport a few pixels every animation frame, then zooms in and out around the
 * centre, and records the intervals between `requestAnimationFrame` callbacks. Cytoscape draws in its own
 * animation-frame callback, so a frame that takes long to draw delays the next callback: the intervals are the
 * frame times the user would see. The viewport moves through cytoscape's API (`panBy`, `zoom`), not the mouse, so
 * options that only apply while the user drags (`hideEdgesOnViewport`) stay off: the pessimistic case.
 */
import { median, percentile } from './stats';

/** Frame figures of one scripted pan/zoom. */
export interface FrameStats {
  frames: number;
  /** 1000 / median frame interval. */
  medianFps: number;
  p95FrameMs: number;
  worstFrameMs: number;
  /** Frames longer than 1000/30 ms (below 30 frames/s). */
  slowFrames: number;
}

/** Summarises rAF intervals (ms). NaN figures when there are none. */
export function frameStats(intervals: readonly number[]): FrameStats {
  if (intervals.length === 0) return { frames: 0, medianFps: NaN, p95FrameMs: NaN, worstFrameMs: NaN, slowFrames: 0 };
  return {
    frames: intervals.length,
    medianFps: 1000 / median(intervals),
    p95FrameMs: percentile(intervals, 95),
    worstFrameMs: Math.max(...intervals),
    slowFrames: intervals.filter((i) => i > 1000 / 30).length,
  };
}

/**
 * In-page function (plain JS, see browser.ts): `window.__benchPan(ms)` resolves to the rAF intervals over `ms`
 * milliseconds: the first half pans in a circle (6 px per frame), the second zooms from the current zoom to 1.6× and
 * back around the centre; the viewport is put back at the end. Resolves to null without a cytoscape instance.
 */
export const PAN_SCRIPT = `window.__benchPan = (ms, canvasSelector) => new Promise((resolve) => {
  const c = document.querySelector(canvasSelector);
  const cy = c && c._cyreg && c._cyreg.cy;
  if (!cy || cy.destroyed()) return resolve(null);
  const zoom0 = cy.zoom(), pan0 = Object.assign({}, cy.pan());
  const centre = { x: cy.width() / 2, y: cy.height() / 2 };
  const intervals = [];
  let last = 0, start = 0, i = 0;
  const step = (t) => {
    if (!start) start = t;
    if (last) intervals.push(t - last);
    last = t;
    const el = t - start;
    if (el >= ms) { cy.viewport({ zoom: zoom0, pan: pan0 }); return resolve(intervals); }
    if (el < ms / 2) cy.panBy({ x: 6 * Math.cos(i / 15), y: 6 * Math.sin(i / 15) });
    else cy.zoom({ level: zoom0 * (1 + 0.6 * Math.sin(((el - ms / 2) / (ms / 2)) * Math.PI)), renderedPosition: centre });
    i++;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
});`;
