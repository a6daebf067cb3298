import { Suspense } from 'react';
import { NotFoundState } from '@/components/ui/not-found-state';

/** Every 404 page: one not-found state that names what the URL asked for (issue 16). */
export default function NotFound() {
  return (
    <Suspense fallback={null}>
      <NotFoundState />
    </Suspense>
  );
}
