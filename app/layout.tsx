import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import { Providers } from './providers';
import { Shell } from '@/components/layout/shell';
import './globals.css';

export const metadata: Metadata = {
  title: 'Meshscope',
  description: 'Service-mesh console for Istio',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Suspense fallback={null}>
            <Shell>{children}</Shell>
          </Suspense>
        </Providers>
      </body>
    </html>
  );
}
