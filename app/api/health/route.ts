import { json } from '@/lib/server/http/respond';

export const dynamic = 'force-dynamic';

/** GET /api/health — liveness for probes and test harnesses: `{ status: 'ok' }`, no backend calls. */
export async function GET() {
  return json({ status: 'ok' });
}
