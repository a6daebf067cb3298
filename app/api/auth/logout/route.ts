import { logout } from '@/lib/server/auth/handlers';
import { errorResponse } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * POST /api/auth/logout — clears the session cookies (also when the session already expired): `{ signedOut: true }`.
 * Same-origin with `X-Meshscope-Request: 1` only. Errors: 403 not our page.
 */
export async function POST(req: Request) {
  try {
    return await logout(req);
  } catch (err) {
    return errorResponse(err);
  }
}
