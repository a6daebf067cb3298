'use client';
import { ErrorState } from '@/components/ui/states';

/** Error boundary of the overview: the shell stays usable. */
export default function OverviewError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="The overview failed to render" error={error} onRetry={reset} />;
}
