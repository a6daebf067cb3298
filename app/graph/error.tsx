'use client';
import Link from 'next/link';

/** The graph page crashed while rendering (not a failed request: those show the graph's own error state). */
export default function GraphRouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <h3>The traffic graph failed to render</h3>
      <p>{error.message}</p>
      <p className="muted">The rest of Meshscope still works; try again, or reset the graph options.</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>{' '}
      <Link href="/graph">Reset graph options</Link>
    </div>
  );
}
