'use client';
import { usePathname, useRouter, useSearchParams, type ReadonlyURLSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * The page's query string, and `set(key, value, fallback = '')` for one of its parameters: writes `key=value`, or
 * drops the key when `value` is empty or equals `fallback` (its default, so URLs stay short), then replaces the URL in
 * place (`router.replace`, no history entry, no scroll). List filters, detail tabs and toolbar choices keep their state
 * this way so a link reproduces the view.
 */
export function useSearchParamSetter(): {
  search: ReadonlyURLSearchParams;
  set(key: string, value: string, fallback?: string): void;
} {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = useCallback(
    (key: string, value: string, fallback = '') => {
      const next = new URLSearchParams(search.toString());
      if (value && value !== fallback) next.set(key, value);
      else next.delete(key);
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [search, router, pathname],
  );
  return { search, set };
}
