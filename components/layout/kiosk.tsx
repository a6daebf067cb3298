'use client';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useGlobalParams } from '@/lib/query/global-params';
import { navigateMessage, parseIncoming, parseKiosk, type KioskMode, type OutgoingMessage } from './kiosk-protocol';

const STORAGE_KEY = 'meshscope.kiosk';

/** The kiosk value this tab last saw (survives links that drop the parameter, and remounts of the shell). */
function storedKiosk(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked (a cross-site iframe): the URL parameter still works
  }
}

function storeKiosk(raw: string): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, raw);
  } catch {
    // storage blocked: kiosk mode lasts while the shell stays mounted
  }
}

/** The current kiosk mode: from the URL when it has `kiosk`, else what an earlier page of this tab set. */
export function useKioskMode(): KioskMode & { raw: string | null } {
  const fromUrl = useSearchParams().get('kiosk');
  const [stored, setStored] = useState<string | null>(() => (typeof window === 'undefined' ? null : storedKiosk()));
  if (fromUrl !== null && fromUrl !== stored) setStored(fromUrl); // remember it for pages whose links drop it
  useEffect(() => {
    if (fromUrl !== null) storeKiosk(fromUrl);
  }, [fromUrl]);
  const raw = fromUrl ?? stored;
  return raw === null ? { kiosk: false, raw: null } : { ...parseKiosk(raw), raw };
}

function post(parentOrigin: string | null, msg: OutgoingMessage): void {
  if (!parentOrigin || window.parent === window) return;
  window.parent.postMessage(msg, parentOrigin); // an explicit origin, never '*'
}

/**
 * Posts `message` to the parent when `key` (what the message says) changes, and not again for the same key: re-renders
 * and a new `message` object with the same content send nothing.
 */
function usePostOnChange(parentOrigin: string | null, key: string, message: OutgoingMessage): void {
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (last.current === key) return;
    last.current = key;
    post(parentOrigin, message);
  }, [parentOrigin, key, message]);
}

/**
 * Kiosk mode (README "Embedding in an iframe"): adds `kiosk` to `<body>` (globals.css hides the masthead and nav),
 * puts `kiosk=…` back in the URL when a link dropped it (so a reload stays in kiosk mode), and with
 * `?kiosk=<parentOrigin>` exchanges navigation, namespace and time-range messages with that parent
 * (components/layout/kiosk-protocol.ts). Renders nothing.
 */
export function KioskController() {
  const mode = useKioskMode();
  const pathname = usePathname();
  const search = useSearchParams();
  const router = useRouter();
  const { namespaces, durationSeconds, refreshMs, update } = useGlobalParams();
  const parentOrigin = mode.kiosk ? mode.parentOrigin : null;
  const nsKey = namespaces.join(',');

  useEffect(() => {
    document.body.classList.toggle('kiosk', mode.kiosk);
  }, [mode.kiosk]);

  useEffect(() => {
    if (!mode.raw || search.get('kiosk') !== null) return;
    const q = new URLSearchParams(window.location.search);
    q.set('kiosk', mode.raw);
    window.history.replaceState(null, '', `${window.location.pathname}?${q.toString()}`); // null: Next syncs useSearchParams
  }, [mode.raw, search]);

  useEffect(() => {
    post(parentOrigin, navigateMessage(pathname, new URLSearchParams(search.toString())));
  }, [parentOrigin, pathname, search]);

  usePostOnChange(parentOrigin, nsKey, {
    source: 'meshscope',
    version: 1,
    type: 'namespaces',
    namespaces: nsKey ? nsKey.split(',') : [],
  });
  usePostOnChange(parentOrigin, `${durationSeconds}/${refreshMs}`, {
    source: 'meshscope',
    version: 1,
    type: 'timeRange',
    duration: durationSeconds,
    refresh: refreshMs,
  });

  useEffect(() => {
    if (!parentOrigin) return;
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== parentOrigin || event.source !== window.parent) return;
      const msg = parseIncoming(event.data);
      if (!msg) return;
      if (msg.type === 'navigate') {
        const q = new URLSearchParams(msg.query);
        q.set('kiosk', parentOrigin);
        router.push(`${msg.path}?${q.toString()}`);
      } else if (msg.type === 'namespaces') {
        update({ namespaces: msg.namespaces });
      } else {
        update({
          ...(msg.duration !== undefined ? { durationSeconds: msg.duration } : {}),
          ...(msg.refresh !== undefined ? { refreshMs: msg.refresh } : {}),
        });
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [parentOrigin, router, update]);

  return null;
}
