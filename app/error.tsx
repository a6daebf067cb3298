'use client';

/** Route-segment error boundary: a page that throws shows this, and the shell stays usable. */
export default function RouteError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <h3>This page failed to render</h3>
      <p>{error.message}</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
