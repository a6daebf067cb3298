'use client';
import type { ReactNode } from 'react';
import type { EdgeDataJson, KialiGraphJson, NodeDataJson } from '@/lib/graph/types';
import { nodeRefLabel, type GraphNodeRef } from '@/lib/query/graph';
import { sel } from '@/components/test-ids';
import { nodeName } from '../elements';
import { EdgePanel } from './edge-panel';
import { GraphSummaryPanel } from './graph-summary-panel';
import type { NamespaceSummary } from '@/lib/graph/namespace-view';
import type { GraphSummary } from '@/lib/graph/summary';
import { NamespacePanel } from './namespace-panel';
import { NodePanel } from './node-panel';
import { PanelSection } from './panel-parts';

export interface GraphIndex {
  nodes: Map<string, NodeDataJson>;
  edges: Map<string, EdgeDataJson>;
}

/** Id → Kiali data for nodes and edges of a graph response. */
export function indexGraph(json: KialiGraphJson | undefined): GraphIndex {
  return {
    nodes: new Map((json?.elements?.nodes ?? []).map((n) => [n.data.id, n.data])),
    edges: new Map((json?.elements?.edges ?? []).map((e) => [e.data.id, e.data])),
  };
}

function BoxPanel({ box, index, actions }: { box: NodeDataJson; index: GraphIndex; actions?: ReactNode }) {
  const members = [...index.nodes.values()].filter((n) => n.parent === box.id);
  return (
    <>
      <header className="graph-panel-header">
        <span className="graph-panel-kind">
          {box.isBox === 'app' ? 'App box' : box.isBox === 'cluster' ? 'Cluster box' : 'Namespace box'}
        </span>
        <h3 data-testid={sel.graph.panelTitle}>{nodeName(box, false)}</h3>
      </header>
      {actions}
      <PanelSection title={`Contains ${members.length}`}>
        <ul className="graph-links">
          {members.map((m) => (
            <li key={m.id}>{nodeName(m, false).replace('\n', ' ')}</li>
          ))}
        </ul>
      </PanelSection>
    </>
  );
}

/**
 * The side panel: the graph summary with nothing selected, otherwise the selected node, box or edge. The
 * selection is an id; the data comes from the API response, so a refresh updates the panel too.
 */
export function GraphSidePanel({
  json,
  index,
  selectedId,
  query,
  durationSeconds,
  refreshMs,
  nodeGraphOf,
  onOpenNodeGraph,
  namespaces,
  graphSummary,
  onSelect,
  onOpenNamespace,
}: {
  json: KialiGraphJson;
  index: GraphIndex;
  selectedId: string | null;
  query: string;
  durationSeconds: number;
  refreshMs: number;
  /** The node graph a node opens (null when none, or it is the one shown). */
  nodeGraphOf(node: NodeDataJson): GraphNodeRef | null;
  onOpenNodeGraph(ref: GraphNodeRef): void;
  /** The namespace view's summaries by node id (absent in the normal graph). */
  namespaces?: ReadonlyMap<string, NamespaceSummary>;
  /** The summary (nothing selected) when `json` does not give it: the full graph's, behind the namespace view. */
  graphSummary?: GraphSummary;
  /** Selects a node or edge by id (the namespace panel's edge links). */
  onSelect?(id: string): void;
  /** Opens the normal graph of one namespace (null when it has none: `unknown`, inaccessible). */
  onOpenNamespace?(summary: NamespaceSummary): (() => void) | null;
}) {
  const node = selectedId ? index.nodes.get(selectedId) : undefined;
  const edge = selectedId ? index.edges.get(selectedId) : undefined;
  const source = edge ? index.nodes.get(edge.source) : undefined;
  const target = edge ? index.nodes.get(edge.target) : undefined;
  let body;
  const nodeGraph = node ? nodeGraphOf(node) : null;
  const openNodeGraph = nodeGraph && (
    <button
      type="button"
      className="picker graph-panel-action"
      data-testid={sel.graph.openNodeGraph}
      onClick={() => onOpenNodeGraph(nodeGraph)}
    >
      Node graph: {nodeRefLabel(nodeGraph)}
    </button>
  );
  /** The metrics window the node and edge panels read (the page's time range and refresh). */
  const timeWindow = { durationSeconds, refreshMs };
  const nsSummary = node ? namespaces?.get(node.id) : undefined;
  if (node && nsSummary)
    body = (
      <NamespacePanel
        node={node}
        summary={nsSummary}
        json={json}
        nodeName={(id) => namespaces?.get(id)?.namespace ?? id}
        onSelect={(id) => onSelect?.(id)}
        onOpen={onOpenNamespace?.(nsSummary) ?? null}
      />
    );
  else if (node?.nodeType === 'box') body = <BoxPanel box={node} index={index} actions={openNodeGraph} />;
  else if (node) body = <NodePanel key={node.id} node={node} query={query} actions={openNodeGraph} {...timeWindow} />;
  else if (edge && source && target)
    body = <EdgePanel key={edge.id} edge={edge} source={source} target={target} {...timeWindow} />;
  else body = <GraphSummaryPanel json={json} summary={graphSummary} durationSeconds={durationSeconds} />;
  return (
    <aside className="graph-side-panel" aria-label="Details" data-testid={sel.graph.sidePanel}>
      {body}
    </aside>
  );
}
