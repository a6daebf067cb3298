'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import { NAV_ITEMS } from './nav-items';
import { NamespacePicker } from './namespace-picker';
import { DurationPicker, RefreshPicker } from './time-pickers';
import { BackendBanner } from './backend-banner';
import { KioskController } from './kiosk';
import { Masthead } from './masthead';
import { SessionGate } from './session-gate';

/**
 * The page frame every page plugs into: masthead, left navigation, and a toolbar with the namespace, time-range
 * and refresh pickers whose state lives in the URL (`namespaces`, `duration`, `refresh`), carried across navigation.
 * Also mounts the sign-in gate (session-gate.tsx) and kiosk mode (kiosk.tsx); `/login` gets no chrome.
 */
export function Shell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { query } = useGlobalParams();
  if (pathname === '/login') {
    // sign-in page: no chrome (its data needs a session)
    return (
      <>
        <SessionGate />
        <KioskController />
        <main className="content">{children}</main>
      </>
    );
  }
  return (
    <div className="shell">
      <SessionGate />
      <KioskController />
      <Masthead />
      <nav className="nav" data-testid={sel.nav} aria-label="Main">
        <ul>
          {NAV_ITEMS.map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.id}>
                <Link
                  href={query ? `${item.href}?${query}` : item.href}
                  className={active ? 'nav-link active' : 'nav-link'}
                  aria-current={active ? 'page' : undefined}
                  data-testid={sel.navLink(item.id)}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main className="main">
        <div className="toolbar" role="toolbar" aria-label="Namespaces and time range">
          <NamespacePicker />
          <div className="toolbar-spacer" />
          <DurationPicker />
          <RefreshPicker />
        </div>
        <BackendBanner />
        <div className="content">{children}</div>
      </main>
    </div>
  );
}
