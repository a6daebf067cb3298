'use client';
import { useBackendStatus } from '@/lib/query/hooks';

/**
 * Whether the UI may offer writes: false in view-only mode (`/api/status` `viewOnly`, Kiali `view_only_mode`,
 * kiali.md §1.11). `null` while the status is loading, so pages can wait instead of flashing write actions.
 */
export function useCanWrite(): boolean | null {
  const status = useBackendStatus();
  if (status.isError) return false;
  return status.data ? !status.data.viewOnly : null;
}
