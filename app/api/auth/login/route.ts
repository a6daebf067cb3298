import { login } from '@/lib/server/auth/handlers';
import { handlePublic } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * POST /api/auth/login — body `{ token }` (AUTH_STRATEGY=token). Verifies the Kubernetes bearer token against the API
 * and answers `{ user: { username, groups }, expiresAt }` with the encrypted, HttpOnly session cookies. Same-origin JSON
 * with `X-Meshscope-Request: 1` only. Errors: 400 no token; 401 `unauthorized:k8s` token refused; 403 not our page;
 * 404 another strategy; 413; 503/504 Kubernetes down. See lib/auth/handlers.ts.
 */
export const POST = handlePublic(login);
