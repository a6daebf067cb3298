'use client';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { sel } from '@/components/test-ids';
import { apiFetch, ApiError } from '@/lib/query/fetch';
import { safeNextPath, signIn, useSession, type SessionInfo } from '@/lib/query/auth';
import styles from './login.module.css';

/**
 * The sign-in form of the token strategy. The token lives only in this input until it is POSTed once; the server
 * answers with an HttpOnly cookie. If the browser then still has no session (a cross-site iframe whose third-party
 * cookies are blocked, perf-security.md S9), the form says so and offers to open Meshscope in a new tab instead of
 * leaving a blank page.
 */
export function LoginForm() {
  const session = useSession();
  const search = useSearchParams();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Set when the session cookie did not stick: the URL to open in a new tab instead. */
  const [newTabUrl, setNewTabUrl] = useState<string | null>(null);
  const next = safeNextPath(search.get('next'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(token);
      setToken('');
      const after = await apiFetch<SessionInfo>('/api/auth/session');
      if (!after.authenticated) {
        setNewTabUrl(window.location.href);
        return;
      }
      await queryClient.invalidateQueries();
      router.replace(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  };

  const strategy = session.data?.strategy;
  return (
    <section className={styles.page} data-testid={sel.auth.page}>
      <h1>Sign in to Meshscope</h1>
      {strategy && strategy !== 'token' ? (
        <p data-testid={sel.auth.notNeeded}>
          {strategy === 'anonymous'
            ? 'This Meshscope needs no sign-in. '
            : 'Sign-in is handled by the proxy in front of Meshscope; reload the page through it. '}
          <Link href={next}>Continue</Link>
        </p>
      ) : newTabUrl ? (
        <div className="banner banner-warning" data-testid={sel.auth.openInNewTab} role="alert">
          Your browser did not keep the sign-in cookie, which happens when Meshscope is embedded in another site and
          third-party cookies are blocked.{' '}
          <a href={newTabUrl} target="_blank" rel="noopener noreferrer">
            Open Meshscope in a new tab
          </a>
        </div>
      ) : (
        <form className={styles.form} onSubmit={submit} data-testid={sel.auth.form}>
          <label htmlFor="login-token">Kubernetes bearer token</label>
          <input
            id="login-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="kubectl create token <service-account> -n <namespace>"
            data-testid={sel.auth.token}
            required
          />
          <p className="muted">
            Meshscope checks the token with the Kubernetes API and keeps it only in an encrypted, HttpOnly cookie. You
            see what your Kubernetes role allows.
          </p>
          {error && (
            <p className="text-danger" role="alert" data-testid={sel.auth.error}>
              {error}
            </p>
          )}
          <button className="button" type="submit" disabled={busy || !token} data-testid={sel.auth.submit}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </section>
  );
}
