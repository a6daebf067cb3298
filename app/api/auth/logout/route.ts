import { logout } from '@/lib/server/auth/handlers';
import { handlePublic } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * POST /api/auth/logout — clears the session cookies (also when the session already expired): `{ signedOut: true }`.
 * Same-origin with `X-Meshscope-Request: 1` only. Errors: 403 not our page.
 */
export const POST = handlePublic(logout);
