'use client';
import { LOCK_GLYPH } from './elements';

let lock: string | null = null;

/**
 * The mTLS marker for edge labels: the lock emoji when the browser has a font for it, else the text "mTLS"
 * (a canvas label cannot fall back to an icon, and a missing glyph draws as an empty box). Checked once by
 * comparing the emoji's width with an unassigned code point's (the "tofu" box).
 */
export function mtlsMarker(): string {
  if (lock !== null) return lock;
  lock = LOCK_GLYPH;
  try {
    const ctx = document.createElement('canvas').getContext('2d');
    if (ctx) {
      ctx.font = '20px sans-serif';
      const tofu = ctx.measureText('\u{10FFFD}').width;
      if (Math.abs(ctx.measureText(LOCK_GLYPH).width - tofu) < 0.5) lock = 'mTLS';
    }
  } catch {
    // no canvas (tests): keep the emoji
  }
  return lock;
}
