'use client';
import { ErrorState } from '@/components/ui/states';

/** Error boundary of this detail page: the shell stays usable. */
export default function DetailError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="This page failed to render" error={error} onRetry={reset} />;
}
