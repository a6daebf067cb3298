'use client';
import { useEffect, useRef, useState } from 'react';
import type { Core, ElementDefinition, EventObject } from 'cytoscape';
import { sel } from '@/components/test-ids';
import type { LayoutName } from '@/lib/query/graph';
import { createCy, labelsFollowZoom } from './create-cy';
import { iconFontSettled } from './glyphs';
import { LayoutRunner, nodeSetDiffers } from './layout-runner';
import { capFitZoom, FIT_PADDING, floorFitZoom } from './layouts';
import { attachMinimap } from './minimap';
import { patchElements } from './patch';
import { applyFindHide, applySelection } from './selection';
import { startTrafficAnimation, type EdgeTraffic } from './traffic-animation';

export type GraphSelection = { kind: 'node' | 'edge' | 'box'; id: string } | null;

/** What the page can ask of the canvas. */
export interface GraphCanvasApi {
  fit(): void;
  /** A PNG of the whole graph (not just the viewport). */
  png(): Promise<Blob>;
  relayout(): void;
}

export interface CytoscapeGraphProps {
  elements: ElementDefinition[];
  large: boolean;
  layout: LayoutName;
  animation: boolean;
  findIds: ReadonlySet<string>;
  hiddenIds: ReadonlySet<string>;
  selectedId: string | null;
  /** An edge's rate, error share and protocol (the traffic animation's dots). */
  trafficOf(edgeId: string): EdgeTraffic | null;
  onSelect(selection: GraphSelection): void;
  /** Double-click (double-tap) on a node or box: Kiali opens its node graph. */
  onNodeDoubleTap?(id: string): void;
  /** Right-click (two-finger tap) on a node or box, with the pointer in client coordinates. */
  onNodeContextMenu?(target: { id: string; x: number; y: number }): void;
  onReady(api: GraphCanvasApi | null, renderer: 'canvas' | 'webgl' | null): void;
}

/**
 * The cytoscape island: one `cy` per mode, created once and kept for the page's life (recreated only when large
 * mode flips, since the renderer is fixed at creation). New data is diff-patched in `cy.batch()`; the layout
 * re-runs only when the node set or the layout choice changes, keeping zoom, pan and dragged nodes in place.
 */
export function CytoscapeGraph(props: CytoscapeGraphProps) {
  const { elements, large, layout, animation, findIds, hiddenIds, selectedId } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const runnerRef = useRef<LayoutRunner | null>(null);
  const state = useRef({ laidOut: false, userViewport: false, dragged: new Set<string>(), layout, focused: false });
  const callbacks = useRef(props);
  useEffect(() => {
    callbacks.current = props;
  });
  // elements wait for the badge icon font: cytoscape keeps a label's first measurement (see iconFontSettled)
  const [fontSettled, setFontSettled] = useState(false);
  useEffect(() => {
    let live = true;
    void iconFontSettled().then(() => {
      if (live) setFontSettled(true);
    });
    return () => {
      live = false;
    };
  }, []);

  // create (and on large-mode flips, recreate) the one cytoscape instance
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { cy, renderer } = createCy(container, large);
    cyRef.current = cy;
    const s = state.current;
    s.laidOut = false;
    s.userViewport = false;
    s.focused = false;
    const runner = new LayoutRunner(cy, large, {
      fit: () => !s.laidOut || !s.userViewport,
      dragged: () => s.dragged,
      onLaidOut: () => {
        s.laidOut = true;
        if (!s.focused && callbacks.current.selectedId) {
          const ele = cy.getElementById(callbacks.current.selectedId);
          if (ele.nonempty()) cy.center(ele);
          s.focused = true;
        }
      },
    });
    runner.warm();
    runnerRef.current = runner;
    const select = (kind: 'node' | 'edge') => (e: EventObject) => {
      const target = e.target as { id(): string; isParent?(): boolean };
      const isBox = kind === 'node' && target.isParent?.() === true;
      callbacks.current.onSelect({ kind: isBox ? 'box' : kind, id: target.id() });
    };
    cy.on('tap', 'node', select('node'));
    cy.on('tap', 'edge', select('edge'));
    cy.on('tap', (e) => {
      if (e.target === cy) callbacks.current.onSelect(null);
    });
    cy.on('dbltap', 'node', (e) => callbacks.current.onNodeDoubleTap?.((e.target as { id(): string }).id()));
    cy.on('cxttap', 'node', (e) => {
      const box = container.getBoundingClientRect();
      const original = e.originalEvent as MouseEvent | undefined;
      const x = original?.clientX ?? box.left + e.renderedPosition.x;
      const y = original?.clientY ?? box.top + e.renderedPosition.y;
      callbacks.current.onNodeContextMenu?.({ id: (e.target as { id(): string }).id(), x, y });
    });
    cy.on('dragfreeon', 'node', (e) => s.dragged.add((e.target as { id(): string }).id()));
    cy.on('scrollzoom pinchzoom dragpan minimappan', () => {
      s.userViewport = true;
    });
    // a resized canvas (window, side panel collapsed) is framed again unless the user has moved the view; large
    // graphs only resize (a fit measures every element)
    const resize = new ResizeObserver(() => {
      cy.resize();
      if (large || !s.laidOut || s.userViewport || cy.destroyed()) return;
      cy.fit(cy.elements(':visible'), FIT_PADDING);
      capFitZoom(cy);
      floorFitZoom(cy);
    });
    resize.observe(container);
    const detachMinimap = large ? () => undefined : attachMinimap(cy);
    const stopLabels = large ? labelsFollowZoom(cy, () => s.userViewport) : () => undefined;
    callbacks.current.onReady(
      {
        fit: () => {
          cy.fit(cy.elements(':visible'), FIT_PADDING);
          capFitZoom(cy);
          s.userViewport = false;
        },
        png: () =>
          cy.png({
            full: true,
            output: 'blob-promise',
            bg: '#ffffff',
            scale: large ? 1 : 2,
            maxWidth: 8000,
            maxHeight: 8000,
          }),
        relayout: () => runner.run(state.current.layout),
      },
      renderer,
    );
    return () => {
      resize.disconnect();
      detachMinimap();
      stopLabels();
      runner.cancel();
      runnerRef.current = null;
      callbacks.current.onReady(null, null);
      cy.destroy();
      cyRef.current = null;
    };
  }, [large]);

  // patch elements; lay out when the node set (or the layout choice) changed. A large graph's fcose layout starts in
  // the worker before the patch, so the two run side by side.
  useEffect(() => {
    const cy = cyRef.current;
    const runner = runnerRef.current;
    if (!cy || !runner || !fontSettled) return;
    const s = state.current;
    const layoutChanged = s.layout !== layout;
    s.layout = layout;
    const offThread = runner.startOffThread(
      layout,
      elements,
      () => !s.laidOut || layoutChanged || nodeSetDiffers(cy, elements),
    );
    const started = performance.now();
    const result = patchElements(cy, elements);
    performance.measure('meshscope:graph:patch', { start: started });
    if (offThread || result.nodesChanged || layoutChanged || !s.laidOut) runner.run(layout, offThread);
  }, [elements, layout, large, fontSettled]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyFindHide(cy, findIds, hiddenIds);
  }, [findIds, hiddenIds, elements, large, fontSettled]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applySelection(cy, selectedId, !large);
  }, [selectedId, elements, large, fontSettled]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !animation || large) return;
    return startTrafficAnimation(cy, (id) => callbacks.current.trafficOf(id));
  }, [animation, large, elements, hiddenIds, fontSettled]);

  return <div ref={containerRef} className="graph-canvas" data-testid={sel.graph.canvas} />;
}
