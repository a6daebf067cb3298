import type { LineCounter } from 'yaml';

/**
 * A span of editor text: 0-based `from`/`to` character offsets (CodeMirror's positions) and the same span as 1-based
 * `line`/`column` (what people read, and what `kubectl` and `istioctl` print).
 */
export interface TextRange {
  from: number;
  to: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The range `[from, to)` of `text`, clamped to the text, with its line and column from the parser's line counter. */
export function rangeAt(text: string, lc: LineCounter, from: number, to: number): TextRange {
  const start = Math.max(0, Math.min(from, text.length));
  const end = Math.max(start, Math.min(to, text.length));
  const a = lc.linePos(start);
  const b = lc.linePos(end);
  // An empty line counter (nothing parsed yet) answers line 0: report the start of the text instead.
  return {
    from: start,
    to: end,
    line: Math.max(1, a.line),
    column: Math.max(1, a.col),
    endLine: Math.max(1, b.line),
    endColumn: Math.max(1, b.col),
  };
}

/** Narrows a range to the line it starts on (a marker on the key's line, not over a whole block). */
export function firstLineOf(text: string, lc: LineCounter, from: number, to: number): TextRange {
  const newline = text.indexOf('\n', from);
  const lineEnd = newline === -1 ? text.length : newline;
  return rangeAt(text, lc, from, Math.max(from, Math.min(to, lineEnd)));
}
