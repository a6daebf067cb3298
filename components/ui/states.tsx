'use client';
import { sel } from '@/components/test-ids';
import { ApiError } from '@/lib/query/fetch';
import type { ReactNode } from 'react';

/** An empty state: nothing to show, and why (Kiali's "Empty Graph"). Distinct from errors. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty" data-testid={sel.emptyState}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** Says different things for different failures (403 permission, 404 not found, 5xx/timeout with Retry). */
export function ErrorState({ title, error, onRetry }: { title: string; error: Error; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  const hint =
    status === 403
      ? "You don't have permission for this."
      : status === 404
        ? 'It was not found.'
        : status === 503 || status === 504 || status === 0
          ? 'A backend is unavailable; try again.'
          : '';
  return (
    <div className="state state-error" role="alert" data-testid={sel.errorState}>
      <h3>{title}</h3>
      <p>{error.message}</p>
      {hint && <p className="muted">{hint}</p>}
      {onRetry && status !== 403 && status !== 404 && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
