'use client';
import { Popover } from 'radix-ui';
import { sel } from '@/components/test-ids';
import { parseGlobalParams, useGlobalParams } from '@/lib/query/global-params';
import { useNamespaces } from '@/lib/query/hooks';

/** Multi-select of namespaces (Kiali's namespace dropdown), stored in the URL as `namespaces=a,b`. */
export function NamespacePicker() {
  const { namespaces: selected, update } = useGlobalParams();
  const namespaces = useNamespaces();
  const toggle = (name: string) => {
    // The live URL, so quick successive clicks each add to the previous one.
    const live = parseGlobalParams(new URLSearchParams(window.location.search)).namespaces;
    update({ namespaces: live.includes(name) ? live.filter((n) => n !== name) : [...live, name].sort() });
  };
  const label =
    selected.length === 0
      ? 'Select namespaces'
      : selected.length <= 2
        ? selected.join(', ')
        : `${selected.length} namespaces`;
  return (
    <Popover.Root>
      <Popover.Trigger className="picker" data-testid={sel.namespacePicker} aria-label="Namespaces">
        <span className="picker-label">Namespace:</span> {label} ▾
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="start" sideOffset={4}>
          {namespaces.isPending && <div className="muted">Loading namespaces…</div>}
          {namespaces.isError && <div className="text-danger">Cannot list namespaces: {namespaces.error.message}</div>}
          {namespaces.data && (
            <>
              <div className="popover-actions">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => update({ namespaces: namespaces.data.map((n) => n.name) })}
                >
                  Select all
                </button>
                <button type="button" className="link-button" onClick={() => update({ namespaces: [] })}>
                  Clear
                </button>
              </div>
              <ul className="checklist">
                {namespaces.data.map((ns) => (
                  <li key={ns.name}>
                    <label data-testid={sel.namespaceOption(ns.name)}>
                      <input type="checkbox" checked={selected.includes(ns.name)} onChange={() => toggle(ns.name)} />{' '}
                      {ns.name}
                    </label>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
