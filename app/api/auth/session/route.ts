import { session } from '@/lib/server/auth/handlers';
import { handlePublic } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/**
 * GET /api/auth/session — `{ strategy: 'anonymous'|'token'|'header', authenticated, user: { username, groups } | null,
 * expiresAt: unix seconds | null }`. Answers without a session (the UI uses it to decide whether to show /login);
 * a session cookie that no longer opens is cleared. Errors: 503/504 when the header strategy cannot check the token.
 */
export const GET = handlePublic(session);
