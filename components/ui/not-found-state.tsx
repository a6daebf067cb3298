'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { sel } from '@/components/test-ids';
import { isDns1123Label, isDns1123Subdomain } from '@/lib/istio/names';

const NOUNS: Record<string, string> = { applications: 'App', workloads: 'Workload', services: 'Service' };

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return '';
  }
};

/**
 * What a 404 URL asked for, in words (pure): the object of a detail page, the namespaces of a list, graph or overview
 * page, else "no page". Only valid Kubernetes names are repeated; any other text of the URL never is (S21: a 404 page
 * reflects no path).
 */
export function notFoundText(pathname: string, namespaces: string | null): string {
  const detail = /^\/namespaces\/([^/]+)\/(applications|workloads|services)\/([^/]+)/.exec(pathname);
  if (detail) {
    const ns = decode(detail[1]!);
    const name = decode(detail[3]!);
    if (isDns1123Label(ns) && isDns1123Subdomain(name))
      return `${NOUNS[detail[2]!]} ${name} was not found in namespace ${ns} (or the namespace does not exist).`;
    return `This ${NOUNS[detail[2]!]!.toLowerCase()} was not found.`;
  }
  const list = (namespaces ?? '').split(',').filter(isDns1123Label);
  if (list.length)
    return `${list.length > 1 ? 'One of the namespaces' : 'Namespace'} ${list.join(', ')} does not exist (or you may not see it).`;
  return 'There is no page at this address.';
}

/** The one not-found state (HTTP 404 pages): what was not found, and a way back. */
export function NotFoundState() {
  const pathname = usePathname();
  const search = useSearchParams();
  return (
    <div className="state state-empty" role="alert" data-testid={sel.notFound}>
      <h3>Not found</h3>
      <p>{notFoundText(pathname, search.get('namespaces'))}</p>
      <Link href="/overview">Go to the overview</Link>
    </div>
  );
}
