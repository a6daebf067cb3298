import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from './providers';
import { Shell } from '@/components/layout/shell';
import './globals.css';

/**
 * Every page renders per request: proxy.ts puts a fresh CSP nonce on each page response, and Next stamps it on its
 * scripts only while rendering (a prerendered page would carry no nonce and its scripts would be blocked).
 */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Meshscope',
  description: 'Service-mesh console for Istio',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          {/* No Suspense around the page: a page's notFound() must come before the response starts, so its status
              is 404 (every page renders per request, so useSearchParams needs no boundary here). */}
          <Shell>{children}</Shell>
        </Providers>
      </body>
    </html>
  );
}
