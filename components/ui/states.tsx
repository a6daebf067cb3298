'use client';
import { sel } from '@/components/test-ids';
import { ApiError } from '@/lib/query/fetch';
import type { UseQueryResult } from '@tanstack/react-query';
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

/**
 * What a refreshing query shows: `loading` (muted) until its first answer; an `ErrorState` titled `errorTitle` with
 * Retry when it failed and has no answer to show; else `children(data)`, under an `ErrorState` titled `staleTitle`
 * when the latest refresh failed and the last answer is what is shown (no banner when `staleTitle` is omitted).
 */
export function QueryStates<T>({
  query,
  loading,
  errorTitle,
  staleTitle,
  children,
}: {
  query: UseQueryResult<T>;
  loading: string;
  errorTitle: string;
  staleTitle?: string;
  children(data: T): ReactNode;
}) {
  if (query.isPending) return <p className="muted">{loading}</p>;
  const retry = () => void query.refetch();
  if (query.isError && query.data === undefined) {
    return <ErrorState title={errorTitle} error={query.error} onRetry={retry} />;
  }
  return (
    <>
      {query.isError && staleTitle && <ErrorState title={staleTitle} error={query.error} onRetry={retry} />}
      {children(query.data as T)}
    </>
  );
}
