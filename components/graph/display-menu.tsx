'use client';
import { DropdownMenu } from 'radix-ui';
import { sel } from '@/components/test-ids';
import type { GraphToggleKey, GraphViewParams } from '@/lib/query/graph';
import { NAMESPACE_VIEW_THRESHOLD } from '@/lib/graph/namespace-view';

/** The namespace view's toggle (Meshscope's own; its hint says when it is on by itself). */
const NAMESPACE_VIEW_HINT = `Each namespace one node, edges summed (on by itself above ${NAMESPACE_VIEW_THRESHOLD} nodes)`;

/** The display toggles, in Kiali's GraphSettings order. */
export const TOGGLES: { key: GraphToggleKey; label: string; hint: string }[] = [
  { key: 'boxByCluster', label: 'Cluster boxes', hint: 'Group nodes by cluster (multi-cluster meshes)' },
  { key: 'boxByNamespace', label: 'Namespace boxes', hint: 'Group nodes by namespace' },
  { key: 'idleEdges', label: 'Idle edges', hint: 'Edges with no requests in the time range' },
  { key: 'idleNodes', label: 'Idle nodes', hint: 'Services and workloads that had no traffic' },
  { key: 'injectServiceNodes', label: 'Service nodes', hint: 'A service node between caller and workload' },
  {
    key: 'animation',
    label: 'Traffic animation',
    hint: 'Dots along the edges: more and larger for busier edges, red for errors (off for large graphs)',
  },
  { key: 'showWaypoints', label: 'Waypoint proxies', hint: 'Ambient waypoints as nodes, with their L4 edges' },
  { key: 'showSecurity', label: 'Security (mTLS lock)', hint: 'A lock on edges with mTLS traffic' },
];

/**
 * The "Display" dropdown: checkbox toggles that stay open while clicking (state lives in the URL), then the namespace
 * view (checked when shown, whether chosen or automatic; a click makes the choice explicit in the URL).
 */
export function DisplayMenu({
  params,
  large,
  namespaceView,
  onChange,
}: {
  params: GraphViewParams;
  large: boolean;
  namespaceView: boolean;
  onChange(change: Partial<GraphViewParams>): void;
}) {
  const active = TOGGLES.filter((t) => params[t.key]).length;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="picker" data-testid={sel.graph.displayMenu}>
        Display <span className="graph-count">{active}</span> ▾
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="popover graph-menu" align="start" sideOffset={4}>
          <DropdownMenu.Label className="graph-menu-label">Show</DropdownMenu.Label>
          {TOGGLES.map((t) => {
            const forced = t.key === 'injectServiceNodes' && params.graphType === 'service';
            const disabled = forced || (t.key === 'animation' && large);
            return (
              <DropdownMenu.CheckboxItem
                key={t.key}
                className="graph-menu-item"
                data-testid={sel.graph.toggle(t.key)}
                checked={forced || params[t.key]}
                disabled={disabled}
                onSelect={(e) => e.preventDefault()}
                onCheckedChange={(checked) => onChange({ [t.key]: checked === true })}
              >
                <span className="graph-check" aria-hidden>
                  {forced || params[t.key] ? '☑' : '☐'}
                </span>
                <span>
                  {t.label}
                  <span className="graph-menu-hint">{forced ? 'Always on for the service graph' : t.hint}</span>
                </span>
              </DropdownMenu.CheckboxItem>
            );
          })}
          <DropdownMenu.Separator style={{ height: 1, margin: '4px 0', background: 'var(--border)' }} />
          <DropdownMenu.CheckboxItem
            className="graph-menu-item"
            data-testid={sel.graph.toggle('namespaceView')}
            checked={namespaceView}
            disabled={params.node !== null}
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={(checked) => onChange({ namespaceView: checked === true, focus: null })}
          >
            <span className="graph-check" aria-hidden>
              {namespaceView ? '☑' : '☐'}
            </span>
            <span>
              Namespace view
              <span className="graph-menu-hint">
                {params.node !== null ? 'Not for a node graph' : NAMESPACE_VIEW_HINT}
              </span>
            </span>
          </DropdownMenu.CheckboxItem>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
