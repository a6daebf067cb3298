/**
 * Creates the one cytoscape instance of the graph island. Large mode uses cytoscape's WebGL renderer when the
 * browser has WebGL2 (opt-in preview since 3.31), pixel ratio 1 and no motion blur (perf-security.md §1b C1–C2).
 */
import cytoscape, { type Core, type CytoscapeOptions } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import fcose from 'cytoscape-fcose';
import { withNamespaceStyles } from './namespace-elements';
import { graphStylesheet, LARGE_LABEL_ZOOM } from './styles';

let registered = false;

function registerExtensions(): void {
  if (registered) return;
  cytoscape.use(dagre);
  cytoscape.use(fcose);
  registered = true;
}

let webgl2: boolean | null = null;

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/**
 * Whether this browser gives cytoscape a hardware WebGL2 context (checked once). Software rasterisers
 * (SwiftShader, llvmpipe: VMs, remote desktops, GPU-less CI) draw a 4,500-element graph several times slower than
 * the 2D canvas, so they count as no WebGL.
 */
export function hasWebgl2(): boolean {
  if (webgl2 === null) {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
      webgl2 = !!gl && !SOFTWARE_GL.test(renderer);
      gl?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      webgl2 = false;
    }
  }
  return webgl2;
}

/** localStorage key that overrides the WebGL choice: `on` (even on a software rasteriser) or `off`. */
export const WEBGL_STORAGE_KEY = 'meshscope.graph.webgl';

/**
 * Whether large mode draws with WebGL: the `meshscope.graph.webgl` localStorage setting when it says `on` or `off`,
 * otherwise whether the browser has hardware WebGL2 (`hasWebgl2`). The override lets a user with a software
 * rasteriser try it, and the benchmark measure both renderers on one machine.
 */
export function wantWebgl(): boolean {
  let pref: string | null = null;
  try {
    pref = window.localStorage.getItem(WEBGL_STORAGE_KEY);
  } catch {
    /* storage blocked: automatic */
  }
  if (pref === 'off') return false;
  if (pref === 'on') return !!document.createElement('canvas').getContext('webgl2');
  return hasWebgl2();
}

/** The stylesheet of the island: normal or large, with or without labels, and the namespace view's node blocks. */
export function islandStylesheet(large: boolean, labels: boolean) {
  return withNamespaceStyles(graphStylesheet(large, { labels }), large);
}

export interface CreatedCy {
  cy: Core;
  /** The renderer actually used. */
  renderer: 'canvas' | 'webgl';
}

/** A new cytoscape core on `container`, styled for normal or large mode. */
export function createCy(container: HTMLElement, large: boolean): CreatedCy {
  registerExtensions();
  const webgl = large && wantWebgl();
  // @types/cytoscape does not know the WebGL renderer options yet.
  const renderer = webgl
    ? { name: 'canvas', webgl: true, webglTexSize: 4096, webglBatchSize: 4096 }
    : { name: 'canvas' };
  const options: CytoscapeOptions & Record<string, unknown> = {
    container,
    style: islandStylesheet(large, !large),
    elements: [],
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: 'single',
    autoungrabify: false,
    renderer,
    ...(large ? { pixelRatio: 1, motionBlur: false, hideEdgesOnViewport: !webgl, textureOnViewport: false } : {}),
  };
  return { cy: cytoscape(options), renderer: webgl ? 'webgl' : 'canvas' };
}

/**
 * Large mode draws labels only once the user has zoomed in to LARGE_LABEL_ZOOM or more (below it they would be under
 * 9 px): when a zoom settles (200 ms) across that line, the stylesheet is swapped for the one with or without labels.
 * A programmatic fit (first render, the Fit button) is not a zoom-in: `userZoomed()` says whether the current
 * viewport is the user's. Returns the disposer.
 */
export function labelsFollowZoom(cy: Core, userZoomed: () => boolean): () => void {
  let labels = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const check = () => {
    timer = null;
    if (cy.destroyed()) return;
    const want = userZoomed() && cy.zoom() >= LARGE_LABEL_ZOOM;
    if (want === labels) return;
    labels = want;
    cy.style(islandStylesheet(true, labels));
  };
  const onZoom = () => {
    if (timer === null) timer = setTimeout(check, 200);
  };
  cy.on('zoom', onZoom);
  return () => {
    if (timer !== null) clearTimeout(timer);
    cy.off('zoom', onZoom);
  };
}
