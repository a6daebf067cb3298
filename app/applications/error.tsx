'use client';
import { ErrorState } from '@/components/ui/states';

/** Error boundary of this list page: the shell stays usable. */
export default function ListError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="This list failed to render" error={error} onRetry={reset} />;
}
