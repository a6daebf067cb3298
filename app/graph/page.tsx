import { headers } from 'next/headers';
import { GraphPage } from '@/components/graph/graph-page';
import { basePath } from '@/lib/query/fetch';
import { graphApiPath } from '@/lib/query/graph-url';
import { PREFETCH_CODE } from '@/lib/query/prefetch';

export const metadata = { title: 'Traffic graph · Meshscope' };

type SearchParams = Record<string, string | string[] | undefined>;

/** The page URL's query string as URLSearchParams (repeated keys keep every value, as in the browser). */
function toSearch(params: SearchParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) search.append(key, v);
  return search;
}

/**
 * `/graph`. Besides the client page, the server writes a script element (the request's CSP nonce, the constant
 * `PREFETCH_CODE` as its text, the URL in `data-url`) that starts the exact graph API request the page is about to send,
 * so it runs while the JavaScript loads (lib/query/prefetch.ts). The text is a constant, written by React as the
 * script's text (no HTML from data: lib/security/links.test.ts).
 */
export default async function TrafficGraphPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const path = graphApiPath(toSearch(await searchParams));
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <>
      {path && (
        <script nonce={nonce} suppressHydrationWarning data-url={`${basePath}${path}`}>
          {PREFETCH_CODE}
        </script>
      )}
      <GraphPage />
    </>
  );
}
