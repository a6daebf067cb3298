'use client';
import Link from 'next/link';
import { DropdownMenu } from 'radix-ui';
import { sel } from '@/components/test-ids';
import type { NodeDataJson } from '@/lib/graph/types';
import { nodeRefLabel, type GraphNodeRef } from '@/lib/query/graph';
import { useBackendStatus } from '@/lib/query/hooks';
import { detailLinks, nodeDisplayName } from './side-panel/node-panel';

/** Where the user right-clicked a node: its id and the pointer in viewport (client) coordinates. */
export interface NodeMenuTarget {
  id: string;
  x: number;
  y: number;
}

/**
 * The canvas's context menu for a node (Kiali's `NodeContextMenu`): show its details in the side panel, open its
 * node graph, or go to its detail pages. Anchored at the pointer; Escape, a click elsewhere or a choice closes it.
 */
export function NodeContextMenu({
  target,
  node,
  nodeGraph,
  query,
  onShowDetails,
  onOpenNodeGraph,
  onClose,
}: {
  target: NodeMenuTarget;
  node: NodeDataJson;
  /** The node graph this node opens, or null when it has none (or it is the one shown). */
  nodeGraph: GraphNodeRef | null;
  query: string;
  onShowDetails(): void;
  onOpenNodeGraph(ref: GraphNodeRef): void;
  onClose(): void;
}) {
  const links = detailLinks(node, query, useBackendStatus().data?.clusterName);
  return (
    <DropdownMenu.Root open modal={false} onOpenChange={(open) => !open && onClose()}>
      <DropdownMenu.Trigger asChild>
        <span className="graph-context-anchor" style={{ left: target.x, top: target.y }} aria-hidden />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          className="popover graph-menu"
          align="start"
          side="bottom"
          sideOffset={2}
          data-testid={sel.graph.contextMenu}
        >
          <DropdownMenu.Label className="graph-menu-label">{nodeDisplayName(node)}</DropdownMenu.Label>
          <DropdownMenu.Item className="graph-menu-item" onSelect={onShowDetails}>
            Show details
          </DropdownMenu.Item>
          {nodeGraph && (
            <DropdownMenu.Item
              className="graph-menu-item"
              data-testid={sel.graph.openNodeGraph}
              onSelect={() => onOpenNodeGraph(nodeGraph)}
            >
              Node graph
              <span className="graph-menu-hint">{nodeRefLabel(nodeGraph)} and its neighbours</span>
            </DropdownMenu.Item>
          )}
          {links.map((l) => (
            <DropdownMenu.Item key={l.href} className="graph-menu-item" asChild>
              <Link href={l.href}>{l.label} details →</Link>
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
