/**
 * Downloads from the graph page: the canvas as PNG (the whole graph, `cy.png({ full: true })`) and the API's
 * graph JSON exactly as received (Kiali #7884 asks for both).
 */

/** Saves `blob` as `filename` through a temporary link. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `graph-bookinfo-tcp-echo-2026-01-01T12-00-00.png`: names the namespaces and the graph's timestamp. */
export function exportFilename(namespaces: string[], timestampSec: number | undefined, ext: 'png' | 'json'): string {
  const ns = namespaces.length ? namespaces.slice(0, 4).join('-') + (namespaces.length > 4 ? '-etc' : '') : 'graph';
  const when = new Date((timestampSec ?? Date.now() / 1000) * 1000).toISOString().slice(0, 19).replace(/:/g, '-');
  return `graph-${ns}-${when}.${ext}`;
}

/** Saves the graph JSON as received from the API. */
export function downloadJson(json: unknown, filename: string): void {
  downloadBlob(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }), filename);
}
