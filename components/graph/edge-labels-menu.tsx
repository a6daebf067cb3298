'use client';
import { DropdownMenu } from 'radix-ui';
import { sel } from '@/components/test-ids';
import { normalizeEdgeLabels, type EdgeLabelMode, type GraphViewParams } from '@/lib/query/graph';

/** The edge label menu's groups (Kiali's "Show Edge Labels"): a group of several choices shows one at a time. */
export const EDGE_LABEL_GROUPS: { title: string; items: { mode: EdgeLabelMode; label: string }[] }[] = [
  { title: 'Traffic', items: [{ mode: 'trafficRate', label: 'Traffic rate (errors %)' }] },
  { title: 'Distribution', items: [{ mode: 'trafficDistribution', label: 'Traffic distribution (%)' }] },
  {
    title: 'Response time',
    items: [
      { mode: 'rt50', label: 'Response time p50' },
      { mode: 'rt95', label: 'Response time p95' },
      { mode: 'rt99', label: 'Response time p99' },
    ],
  },
  {
    title: 'Throughput',
    items: [
      { mode: 'throughputRequest', label: 'Throughput (requests)' },
      { mode: 'throughputResponse', label: 'Throughput (responses)' },
    ],
  },
];

/** `labels` with `mode` switched on (replacing its group's other choice) or off. */
export function toggleEdgeLabel(labels: readonly EdgeLabelMode[], mode: EdgeLabelMode, on: boolean): EdgeLabelMode[] {
  return normalizeEdgeLabels(on ? [...labels.filter((m) => m !== mode), mode] : labels.filter((m) => m !== mode));
}

/** The "Edge labels" dropdown: several labels at once, each line of an edge label one of them (state in the URL). */
export function EdgeLabelsMenu({
  params,
  onChange,
}: {
  params: GraphViewParams;
  onChange(change: Partial<GraphViewParams>): void;
}) {
  const on = new Set(params.edgeLabels);
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="picker" data-testid={sel.graph.edgeLabels}>
        Edge labels <span className="graph-count">{params.edgeLabels.length}</span> ▾
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="popover graph-menu" align="start" sideOffset={4}>
          {EDGE_LABEL_GROUPS.map((g) => (
            <DropdownMenu.Group key={g.title}>
              <DropdownMenu.Label className="graph-menu-label">{g.title}</DropdownMenu.Label>
              {g.items.map((item) => (
                <DropdownMenu.CheckboxItem
                  key={item.mode}
                  className="graph-menu-item"
                  data-testid={sel.graph.edgeLabel(item.mode)}
                  checked={on.has(item.mode)}
                  onSelect={(e) => e.preventDefault()}
                  onCheckedChange={(checked) =>
                    onChange({ edgeLabels: toggleEdgeLabel(params.edgeLabels, item.mode, checked === true) })
                  }
                >
                  <span className="graph-check" aria-hidden>
                    {on.has(item.mode) ? '☑' : '☐'}
                  </span>
                  <span>{item.label}</span>
                </DropdownMenu.CheckboxItem>
              ))}
            </DropdownMenu.Group>
          ))}
          <div className="graph-menu-hint graph-menu-note">
            Find and Hide compare response times (<span className="mono">rt</span>, the p95 unless a response-time label
            is on) and throughput whatever labels are shown.
          </div>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
