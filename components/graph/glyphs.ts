/**
 * The graph's badge and mTLS-lock icons: private-use code points of the app's own 2 KB icon font
 * (components/graph/fonts/graph-icons.woff2, a renamed subset of Font Awesome Free's solid font made by
 * scripts/build-graph-icons.sh). Canvas labels draw them on any machine, where emoji needed an emoji font and fell back
 * to a missing-glyph box (issue 16). The font comes first in the label font list (styles.ts) and holds only these
 * code points, so every other character falls through to the text fonts.
 */
export const ICON_FONT = 'Meshscope Graph Icons';

/** Icon code points (Font Awesome names in comments); keep in step with scripts/build-graph-icons.sh. */
export const ICON = {
  lock: '\uf023', // lock
  root: '\uf0a9', // circle-arrow-right
  gateway: '\uf0ac', // globe
  vs: '\uf126', // code-branch
  ts: '\uf074', // shuffle
  route: '\uf4d7', // route (Gateway API routes)
  cb: '\uf0e7', // bolt
  fi: '\uf05e', // ban
  mirror: '\uf24d', // clone
  timeout: '\uf017', // clock
  sidecar: '\uf071', // triangle-exclamation
  ambient: '\ue4e2', // circle-nodes
  waypoint: '\uf277', // signs-post
} as const;

let loading: Promise<boolean> | null = null;

/**
 * Loads the icon font (declared in graph.css) once; resolves true when it is ready (labels drawn before that show
 * the fallback box), false where the browser has no font loading API or the load failed.
 */
export function loadIconFont(): Promise<boolean> {
  loading ??= (async () => {
    try {
      if (typeof document === 'undefined' || !document.fonts) return false;
      const faces = await document.fonts.load(`12px "${ICON_FONT}"`, ICON.lock);
      return faces.length > 0;
    } catch {
      return false;
    }
  })();
  return loading;
}

/**
 * Resolves once the icon font has loaded or failed, or after `timeoutMs` (ms) at the latest: the canvas adds its
 * elements only then, because cytoscape measures a label once (its width cached by text and font, and its texture
 * drawn at that width) and a label measured with the fallback glyphs stays clipped after the font arrives.
 * @returns whether the font is ready (false on failure, timeout or no font loading API).
 */
export function iconFontSettled(timeoutMs = 1500): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  return Promise.race([loadIconFont(), timeout]).finally(() => clearTimeout(timer));
}
