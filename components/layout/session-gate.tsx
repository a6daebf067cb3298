'use client';
import { useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { sel } from '@/components/test-ids';
import { signOut, useSession } from '@/lib/query/auth';
import { ApiError } from '@/lib/query/fetch';
import { isUnder, queryKeys } from '@/lib/query/keys';

/**
 * Sends the browser to /login when the server needs a sign-in (AUTH_STRATEGY=token or header) and there is no valid
 * session, on first load and whenever an API call answers 401 (an expired session). Renders nothing.
 */
export function SessionGate() {
  const session = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        const err = event.action.error;
        if (!(err instanceof ApiError && err.status === 401)) return;
        if (isUnder(event.query.queryKey, queryKeys.auth.all())) return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.auth.session() });
      }),
    [queryClient],
  );

  useEffect(() => {
    const s = session.data;
    if (!s || s.authenticated || s.strategy === 'anonymous' || pathname === '/login') return;
    const here = `${window.location.pathname.slice((process.env.NEXT_PUBLIC_BASE_PATH ?? '').length)}${window.location.search}`;
    router.replace(`/login?next=${encodeURIComponent(here)}`);
  }, [session.data, pathname, router]);
  return null;
}

/** The signed-in user's name and a sign-out button (token strategy); nothing for anonymous. */
export function SessionMenu() {
  const session = useSession();
  const router = useRouter();
  const queryClient = useQueryClient();
  const s = session.data;
  if (!s || s.strategy === 'anonymous' || !s.authenticated) return null;
  const out = async () => {
    await signOut().catch(() => undefined);
    queryClient.clear();
    router.replace('/login');
  };
  return (
    <span className="masthead-user">
      <span data-testid={sel.auth.user} title={s.user?.groups.join(', ')}>
        {s.user?.username ?? 'signed in'}
      </span>
      {s.strategy === 'token' && (
        <button
          type="button"
          className="link-button masthead-signout"
          onClick={() => void out()}
          data-testid={sel.auth.signOut}
        >
          Sign out
        </button>
      )}
    </span>
  );
}
