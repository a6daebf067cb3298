'use client';
import { memo } from 'react';
import type { GraphIndex } from './side-panel/side-panel';
import { sel } from '@/components/test-ids';
import { edgeHealth, edgeLabel, nodeHealth } from './elements';
import { nodeDisplayName } from './side-panel/node-panel';

/**
 * The canvas as a list for keyboard and screen-reader users (a canvas has no DOM to tab through): every visible
 * node and edge as a button that selects it, exactly like a click on the canvas. Visually hidden until focused.
 */
export const GraphElementList = memo(function GraphElementList({
  index,
  hiddenIds,
  onSelect,
}: {
  index: GraphIndex;
  hiddenIds: ReadonlySet<string>;
  onSelect(kind: 'node' | 'edge', id: string): void;
}) {
  // compound boxes are not selectable entries; the namespace view's namespace nodes (boxes without members) are
  const parents = new Set([...index.nodes.values()].flatMap((n) => (n.parent ? [n.parent] : [])));
  const nodes = [...index.nodes.values()].filter(
    (n) => !(n.nodeType === 'box' && parents.has(n.id)) && !hiddenIds.has(n.id),
  );
  const edges = [...index.edges.values()].filter((e) => !hiddenIds.has(e.id));
  const name = (id: string) => {
    const n = index.nodes.get(id);
    return n ? nodeDisplayName(n) : id;
  };
  return (
    <nav className="graph-element-list sr-only" aria-label="Graph elements" data-testid={sel.graph.elementList}>
      <ul>
        {nodes.map((n) => (
          <li key={n.id}>
            <button type="button" data-testid={sel.graph.element(n.id)} onClick={() => onSelect('node', n.id)}>
              {n.nodeType === 'box' ? (n.isBox ?? 'box') : n.nodeType} {nodeDisplayName(n)} ({n.namespace}),{' '}
              {nodeHealth(n)}
            </button>
          </li>
        ))}
        {edges.map((e) => (
          <li key={e.id}>
            <button type="button" data-testid={sel.graph.element(e.id)} onClick={() => onSelect('edge', e.id)}>
              edge {name(e.source)} → {name(e.target)}, {e.traffic?.protocol}{' '}
              {edgeLabel(e, ['trafficRate'], false).replace('\n', ' ')}, {edgeHealth(e)}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
});
