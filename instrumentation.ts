/**
 * Next's start-up hook (runs once per server process). In the Node runtime: configuration and sign-in checks (a bad
 * value stops the server with one line naming the variable) and the peer-address hook for the header strategy.
 * See lib/auth/startup.ts. Then the shared inventory cache starts listing and watching (lib/k8s/inventory.ts
 * `startInventoryCache`), so the first page does not wait for its first sync.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startupChecks } = await import('./lib/auth/startup');
  startupChecks();
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startInventoryCache } = await import('./lib/k8s/inventory');
  startInventoryCache();
}
