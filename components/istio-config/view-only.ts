'use client';
import { usePermissions } from '@/lib/query/auth';
import { useBackendStatus } from '@/lib/query/hooks';

/**
 * Whether the UI may offer writes: false in view-only mode (`/api/status` `viewOnly`, Kiali `view_only_mode`,
 * kiali.md §1.11) and when the signed-in user's Kubernetes role allows no Istio config change (`/api/permissions`:
 * in `namespace` when given, else anywhere). `null` while loading, so pages can wait instead of flashing write actions.
 */
export function useCanWrite(namespace?: string): boolean | null {
  const status = useBackendStatus();
  const permissions = usePermissions(status.data !== undefined && !status.data.viewOnly);
  if (status.isError) return false;
  if (!status.data) return null;
  if (status.data.viewOnly || permissions.isError) return false;
  if (!permissions.data) return null;
  const ns = namespace ? permissions.data.namespaces[namespace] : undefined;
  return ns ? ns.canWriteIstio : permissions.data.canWriteIstio;
}
