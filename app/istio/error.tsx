'use client';
import { ErrorState } from '@/components/ui/states';

/** Error boundary of the Istio config pages. */
export default function IstioError({ error, reset }: { error: Error; reset: () => void }) {
  return <ErrorState title="The Istio config page failed" error={error} onRetry={reset} />;
}
