import { handle, json } from '@/lib/server/http/respond';
import { listNamespaces } from '@/lib/k8s/namespaces';

export const dynamic = 'force-dynamic';

/**
 * GET /api/namespaces — `{ namespaces: [{ name, labels, istioInjection, creationTimestamp }] }`.
 * Errors: 503 `unavailable:k8s`, 504 `timeout:k8s`, 403 `forbidden:k8s`.
 */
export const GET = handle(async () => json({ namespaces: await listNamespaces() }));
