'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sel } from '@/components/test-ids';
import { useGlobalParams } from '@/lib/query/global-params';
import {
  nodeRefLabel,
  nodeRefOf,
  sameNodeRef,
  useGraph,
  useGraphParams,
  writeGraphParams,
  type GraphNodeRef,
} from '@/lib/query/graph';
import type { NodeDataJson } from '@/lib/graph/types';
import type { GraphCanvasApi, GraphSelection } from './cytoscape-graph';
import type { EdgeTraffic } from './traffic-animation';
import { num } from '@/components/format';
import { elementCount, LARGE_GRAPH_THRESHOLD, toCyElements } from './elements';
import { edgeRate } from '@/lib/graph/summary';
import { GraphElementList } from './element-list';
import { useFillViewport } from './use-fill-viewport';
import { downloadBlob, downloadJson, exportFilename } from './export';
import { FindHideBar } from './find-hide-bar';
import { useFindHide } from './find-hide';
import {
  EmptyGraphState,
  GraphErrorState,
  GraphLoadingState,
  GraphWarningsBanner,
  SelectNamespacesState,
  graphErrorText,
} from './graph-states';
import { GraphToolbar } from './graph-toolbar';
import { REPLAY_LENGTHS } from './replay';
import { ReplayBar, startReplay, type ReplayState } from './replay-bar';
import { resolveLayout } from './layouts';
import { NodeContextMenu, type NodeMenuTarget } from './node-context-menu';
import { GraphSidePanel, indexGraph } from './side-panel/side-panel';
import {
  graphNodeCount,
  NAMESPACE_VIEW_THRESHOLD,
  namespaceViewOf,
  type NamespaceSummary,
} from '@/lib/graph/namespace-view';
import { NAMESPACE_VIEW_LARGE, toNamespaceElements } from './namespace-elements';
import { sharedLayoutWorker } from './worker-layout';
import { loadIconFont } from './glyphs';
import './graph.css';

// The cytoscape island only ever runs in the browser (STYLE.md; perf-security.md §1d N1). Its chunk (cytoscape and
// the layouts) and the layout worker load while the graph request is out, not when the data arrives: the chunk is
// requested as soon as this module runs in the browser, before hydration: the shell's API requests
// start with hydration, and a static file asked for beside them waits while the server works on them
// (bench:graph-page at 10,000 workloads: the chunk arrived 1.2 s after it was asked for, after the graph answer, and
// held the first render back)
const loadIsland = () => import('./cytoscape-graph');
if (typeof window !== 'undefined') void loadIsland();

/** `work()`, written to the page's performance entries as `name` (the page benchmark prints them). */
function timed<T>(name: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  performance.measure(name, { start: started });
  return result;
}

/**
 * Opens the normal graph of one namespace from the namespace view: the namespace selection becomes that namespace
 * and the view automatic again (one namespace never opens in the namespace view), as a new history entry so Back
 * returns to the namespace view.
 */
function openNamespaceGraph(namespace: string): void {
  const next = new URLSearchParams(window.location.search);
  next.set('namespaces', namespace);
  const q = writeGraphParams(next, { namespaceView: null, focus: null }).toString();
  window.history.pushState(null, '', `${window.location.pathname}?${q}`);
}

/**
 * The island's component once its chunk has loaded (null until then). Not `next/dynamic`: its React.lazy suspends on
 * the first render even when the chunk is in, and React holds a suspended tree's reveal back for 300 ms
 * (bench:graph-page: 0.4–0.5 s between the graph's elements and the first one added, at 2,000 and 10,000 workloads).
 */
function useIsland(): typeof import('./cytoscape-graph').CytoscapeGraph | null {
  const [island, setIsland] = useState<{ CytoscapeGraph: typeof import('./cytoscape-graph').CytoscapeGraph } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    void loadIsland().then((m) => {
      if (live) setIsland({ CytoscapeGraph: m.CytoscapeGraph });
    });
    return () => {
      live = false;
    };
  }, []);
  return island?.CytoscapeGraph ?? null;
}

/**
 * The traffic graph page: toolbar, find/hide, the cytoscape canvas and the side panel. Every option lives in the
 * URL (shell: namespaces, duration, refresh; graph: lib/query/graph), so a link reproduces the view. A double-click
 * on a node, its context menu or the side panel's button opens its node graph (Kiali's drill-down: the node and its
 * neighbours, over every namespace); the browser's Back, or the bar's button, returns to the namespace graph.
 */
export function GraphPage() {
  const global = useGlobalParams();
  const params = useGraphParams();
  const { update, navigate } = params;
  const [replay, setReplay] = useState<ReplayState | null>(null);
  const queryTime = replay ? replay.frames[replay.index] : undefined;
  const graph = useGraph(queryTime === undefined ? global : { ...global, queryTime }, params);
  const wanted = global.namespaces.length > 0 || params.node !== null;
  const apiJson = wanted ? graph.data : undefined;
  // the namespace view comes from the server (the graph API's namespaceView parameter, sent by useGraph)
  const nsGraph = useMemo(() => namespaceViewOf(apiJson), [apiJson]);
  const nsView = nsGraph !== null;
  // what the canvas, Find/Hide and the side panel work on: the API's graph, or its namespace view
  const json = nsGraph?.json ?? apiJson;
  const large = json ? elementCount(json) > (nsGraph ? NAMESPACE_VIEW_LARGE : LARGE_GRAPH_THRESHOLD) : false;
  const layout = resolveLayout(params.layout, large);
  const elements = useMemo(() => {
    if (!json) return [];
    const opts = { edgeLabels: params.edgeLabels, showSecurity: params.showSecurity };
    return timed('meshscope:graph:elements', () =>
      nsGraph ? toNamespaceElements(nsGraph, opts) : toCyElements(json, { ...opts, large }),
    );
  }, [json, nsGraph, params.edgeLabels, params.showSecurity, large]);
  const index = useMemo(() => indexGraph(json), [json]);
  const findHide = useFindHide(json, params.find, params.hide);
  const [canvas, setCanvas] = useState<{ api: GraphCanvasApi | null; renderer: 'canvas' | 'webgl' | null }>({
    api: null,
    renderer: null,
  });
  const [exportError, setExportError] = useState<string | null>(null);
  // a playing replay moves on 1.5 s after its frame has arrived, and stops at the last one
  useEffect(() => {
    if (!replay?.playing || graph.isFetching) return;
    const t = setTimeout(() => {
      setReplay((r) => {
        if (!r) return r;
        const index = Math.min(r.frames.length - 1, r.index + 1);
        return { ...r, index, playing: index < r.frames.length - 1 };
      });
    }, 1500);
    return () => clearTimeout(t);
  }, [replay, graph.isFetching]);
  const pageRef = useRef<HTMLDivElement>(null);
  useFillViewport(pageRef);
  const [menu, setMenu] = useState<NodeMenuTarget | null>(null);
  // Kiali's side panel can be hidden too; a new selection shows it again (its details are there)
  const [panelOpen, setPanelOpen] = useState(true);
  // the island's chunk, the layout worker's script (cytoscape and fCoSE: large graphs lay out there) and the badge
  // font all load while the graph request is out; the worker and the font no longer wait for the island's chunk
  // (bench:graph-page at 10,000 workloads: they were fetched half a second after the graph answer had arrived)
  const CytoscapeGraph = useIsland();
  useEffect(() => {
    if (!wanted) return;
    sharedLayoutWorker().warm();
    void loadIconFont();
  }, [wanted]);

  const selectedId =
    params.focus && (index.nodes.has(params.focus) || index.edges.has(params.focus)) ? params.focus : null;
  const onSelect = useCallback(
    (s: GraphSelection) => {
      update({ focus: s?.id ?? null });
      if (s) setPanelOpen(true);
    },
    [update],
  );
  const onListSelect = useCallback((_kind: 'node' | 'edge', id: string) => update({ focus: id }), [update]);
  const onReady = useCallback(
    (api: GraphCanvasApi | null, renderer: 'canvas' | 'webgl' | null) => setCanvas({ api, renderer }),
    [],
  );
  const { graphType, node: currentNode } = params;
  /** The node graph a node opens; null for nodes without one and for the node the current node graph shows. */
  const nodeGraphOf = useCallback(
    (d: NodeDataJson): GraphNodeRef | null => {
      const ref = nodeRefOf(d, graphType);
      return ref && !sameNodeRef(ref, currentNode) ? ref : null;
    },
    [graphType, currentNode],
  );
  const openNodeGraph = useCallback((ref: GraphNodeRef) => navigate({ node: ref, focus: null }), [navigate]);
  /** The namespace view's "open this namespace"; null for what has no graph of its own. */
  const namespaceOpener = useCallback(
    (s: NamespaceSummary) =>
      s.namespace === 'unknown' || index.nodes.get(s.id)?.isInaccessible ? null : () => openNamespaceGraph(s.namespace),
    [index],
  );
  const onNodeDoubleTap = useCallback(
    (id: string) => {
      const summary = nsGraph?.summaries.get(id);
      if (summary) return namespaceOpener(summary)?.();
      const d = index.nodes.get(id);
      const ref = d && nodeGraphOf(d);
      if (ref) openNodeGraph(ref);
    },
    [index, nsGraph, namespaceOpener, nodeGraphOf, openNodeGraph],
  );
  const menuNode = menu ? index.nodes.get(menu.id) : undefined;
  const trafficOf = useCallback(
    (id: string): EdgeTraffic | null => {
      const e = index.edges.get(id);
      if (!e) return null;
      const protocol = e.traffic?.protocol ?? '';
      return { rate: edgeRate(e), errorPct: num(e.traffic?.rates?.[`${protocol}PercentErr`]), protocol };
    },
    [index],
  );

  const exportPng = async () => {
    if (!canvas.api) return;
    try {
      setExportError(null);
      downloadBlob(await canvas.api.png(), exportFilename(global.namespaces, apiJson?.timestamp, 'png'));
    } catch (err) {
      setExportError(`PNG export failed: ${(err as Error).message}`);
    }
  };

  const nodeCount = nsGraph ? nsGraph.summaries.size : apiJson ? graphNodeCount(apiJson) : 0;
  let main;
  if (!wanted) main = <SelectNamespacesState />;
  else if (!json && graph.isError) main = <GraphErrorState error={graph.error} onRetry={() => void graph.refetch()} />;
  else if (!json) main = <GraphLoadingState retryReason={graph.failureReason} failureCount={graph.failureCount} />;
  else if (nodeCount === 0)
    main = (
      <EmptyGraphState
        durationSeconds={global.durationSeconds}
        idleNodes={params.idleNodes}
        onShowIdleNodes={() => update({ idleNodes: true })}
      />
    );
  else
    main = (
      <>
        {CytoscapeGraph ? (
          // the island module's export: one identity for the page's life, set once (useIsland), never made in render
          // eslint-disable-next-line react-hooks/static-components
          <CytoscapeGraph
            elements={elements}
            large={large}
            layout={layout}
            animation={params.animation && !large}
            findIds={findHide.findIds}
            hiddenIds={findHide.hiddenIds}
            selectedId={selectedId}
            trafficOf={trafficOf}
            onSelect={onSelect}
            onNodeDoubleTap={onNodeDoubleTap}
            onNodeContextMenu={setMenu}
            onReady={onReady}
          />
        ) : (
          <GraphLoadingState />
        )}
        {menu && menuNode && (
          <NodeContextMenu
            target={menu}
            node={menuNode}
            nodeGraph={nodeGraphOf(menuNode)}
            query={global.query}
            onShowDetails={() => update({ focus: menu.id })}
            onOpenNodeGraph={openNodeGraph}
            onClose={() => setMenu(null)}
          />
        )}
        {!large && <GraphElementList index={index} hiddenIds={findHide.hiddenIds} onSelect={onListSelect} />}
      </>
    );

  return (
    <div className="graph-page" ref={pageRef} data-testid={sel.graph.page}>
      <GraphToolbar
        params={params}
        large={large}
        namespaceView={nsView}
        layout={layout}
        canExport={!!json && !!canvas.api && nodeCount > 0}
        onChange={update}
        canFit={!!canvas.api && nodeCount > 0}
        onFit={() => canvas.api?.fit()}
        onExportPng={() => void exportPng()}
        onExportJson={() =>
          apiJson && downloadJson(apiJson, exportFilename(global.namespaces, apiJson.timestamp, 'json'))
        }
        replaying={replay !== null}
        onToggleReplay={() => setReplay((r) => (r ? null : startReplay(REPLAY_LENGTHS[1]!.seconds)))}
      />
      {replay && (
        <ReplayBar
          replay={replay}
          durationSeconds={global.durationSeconds}
          loading={graph.isFetching}
          onChange={setReplay}
          onClose={() => setReplay(null)}
        />
      )}
      {params.node && (
        <div
          className="graph-banner graph-note graph-node-graph-bar"
          role="status"
          data-testid={sel.graph.nodeGraphBar}
        >
          <span>
            Node graph of <strong>{nodeRefLabel(params.node)}</strong>: its traffic with its neighbours, in every
            namespace.
          </span>
          <button
            type="button"
            className="picker"
            data-testid={sel.graph.nodeGraphBack}
            onClick={() => navigate({ node: null, focus: null })}
          >
            ← Back to the namespace graph
          </button>
        </div>
      )}
      <FindHideBar
        find={params.find}
        hide={params.hide}
        findError={findHide.findError}
        hideError={findHide.hideError}
        onChange={update}
      />
      {apiJson?.warnings && <GraphWarningsBanner warnings={apiJson.warnings} />}
      {nsGraph && (
        <div className="graph-banner graph-note" role="status" data-testid={sel.graph.namespaceViewNote}>
          Namespace view: {nsGraph.summaries.size} namespaces, each one node, for a graph of{' '}
          {[...nsGraph.summaries.values()].reduce((n, s) => n + s.counts.total, 0)} nodes
          {params.namespaceView === null ? ` (automatic above ${NAMESPACE_VIEW_THRESHOLD})` : ''}. Double-click a
          namespace to open its graph; Display → Namespace view shows every node.
        </div>
      )}
      {json && graph.isError && (
        <div className="graph-banner banner-danger" role="alert">
          <strong>{graphErrorText(graph.error).title}</strong>: refresh failed ({graph.error.message}); showing the last
          graph.
        </div>
      )}
      {exportError && (
        <div className="graph-banner banner-danger" role="alert">
          {exportError}
        </div>
      )}
      {large && (
        <div className="graph-banner graph-note" role="status" data-testid={sel.graph.largeNote}>
          Large graph ({elementCount(json!)} elements over {nsGraph ? NAMESPACE_VIEW_LARGE : LARGE_GRAPH_THRESHOLD}):
          simplified rendering
          {canvas.renderer === 'webgl' ? ' with WebGL' : ''} — no boxes or animation, straight edges, labels appear when
          zoomed in. Use Hide (e.g. <span className="mono">healthy</span>) or fewer namespaces to see more detail.
        </div>
      )}
      <div className="graph-body">
        <div className="graph-main">
          {main}
          {json && graph.isFetching && (
            <div className="graph-refreshing" aria-live="polite">
              Updating…
            </div>
          )}
          {findHide.findIds.size > 0 && <div className="graph-find-count">{findHide.findIds.size} found</div>}
        </div>
        {json && nodeCount > 0 && !panelOpen && (
          <button
            type="button"
            className="picker graph-side-panel-collapsed"
            data-testid={sel.graph.panelToggle}
            aria-expanded={false}
            onClick={() => setPanelOpen(true)}
          >
            ◂ Details
          </button>
        )}
        {json && nodeCount > 0 && panelOpen && (
          <div className="graph-side-panel-wrap">
            <button
              type="button"
              className="picker graph-panel-toggle"
              data-testid={sel.graph.panelToggle}
              aria-expanded={true}
              title="Hide the details panel (the graph takes its room)"
              onClick={() => setPanelOpen(false)}
            >
              ▸
            </button>
            <GraphSidePanel
              json={json}
              index={index}
              selectedId={selectedId}
              query={global.query}
              durationSeconds={global.durationSeconds}
              refreshMs={global.refreshMs}
              nodeGraphOf={nodeGraphOf}
              onOpenNodeGraph={openNodeGraph}
              namespaces={nsGraph?.summaries}
              graphSummary={nsGraph?.graph}
              onSelect={(id) => update({ focus: id })}
              onOpenNamespace={namespaceOpener}
            />
          </div>
        )}
      </div>
    </div>
  );
}
