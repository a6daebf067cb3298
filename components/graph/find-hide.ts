'use client';
import { useMemo } from 'react';
import type { EdgeDataJson, KialiGraphJson } from '@/lib/graph/types';
import { compoundBoxes, findElements, hiddenElements } from '@/lib/graph/find-hide-apply';
import { FIND_OPERAND_NAMES, parseFindHide, type FindNodeData } from '@/lib/graph/find-hide';

/**
 * Find and Hide on the graph page, over lib/graph/find-hide (Kiali's expression language): compile the URL's
 * expressions, rank nodes for the `rank` operand, and return the ids to highlight and to hide.
 */

/**
 * Kiali's node rank (by inbound edges, the default `rankBy`): 1 for the nodes with the most inbound edges, 2 for
 * the next count, and so on (dense ranking). Compound boxes have no rank (the namespace view's nodes do).
 */
export function rankNodes(nodes: readonly FindNodeData[], edges: readonly EdgeDataJson[]): FindNodeData[] {
  const inbound = new Map<string, number>();
  for (const e of edges) inbound.set(e.target, (inbound.get(e.target) ?? 0) + 1);
  const compound = compoundBoxes(nodes);
  const counts = [...new Set(nodes.filter((n) => !compound(n)).map((n) => inbound.get(n.id) ?? 0))].sort(
    (a, b) => b - a,
  );
  const rankOf = new Map(counts.map((c, i) => [c, i + 1]));
  return nodes.map((n) => (compound(n) ? n : { ...n, rank: rankOf.get(inbound.get(n.id) ?? 0) }));
}

export interface FindHideState {
  findIds: Set<string>;
  hiddenIds: Set<string>;
  findError: string | null;
  hideError: string | null;
}

/** "Unknown operand [foo] (at 6)" style message for an expression error. */
function errorText(expression: string, error: { message: string; position: number }): string {
  const near = expression.slice(error.position, error.position + 24).trim();
  return near ? `${error.message} (near "${near}")` : error.message;
}

/** Found and hidden ids of `json` for the two expressions; a hidden element is never reported as found. */
export function computeFindHide(json: KialiGraphJson | undefined, find: string, hide: string): FindHideState {
  const state: FindHideState = { findIds: new Set(), hiddenIds: new Set(), findError: null, hideError: null };
  const f = parseFindHide(find);
  const h = parseFindHide(hide);
  if (!f.ok) state.findError = errorText(find, f.error);
  if (!h.ok) state.hideError = errorText(hide, h.error);
  if (!json || (!find.trim() && !hide.trim())) return state;
  const edges = (json.elements?.edges ?? []).map((e) => e.data);
  const nodes = rankNodes(
    (json.elements?.nodes ?? []).map((n) => n.data),
    edges,
  );
  if (h.ok && hide.trim()) {
    const hidden = hiddenElements(nodes, edges, h.value);
    state.hiddenIds = new Set([...hidden.nodes, ...hidden.edges]);
  }
  if (f.ok && find.trim()) {
    const found = findElements(nodes, edges, f.value);
    for (const id of [...found.nodes, ...found.edges]) if (!state.hiddenIds.has(id)) state.findIds.add(id);
  }
  return state;
}

/** Memoised `computeFindHide` for the page. */
export function useFindHide(json: KialiGraphJson | undefined, find: string, hide: string): FindHideState {
  return useMemo(() => computeFindHide(json, find, hide), [json, find, hide]);
}

/**
 * Tab completion of the operand being typed (Kiali: "Tab autocompletes operands"): completes the last word to
 * the longest prefix shared by the operands it starts; returns null when there is nothing to add.
 */
export function completeOperand(text: string): string | null {
  const m = /([A-Za-z:%]+)$/.exec(text);
  if (!m || !m[1]) return null;
  const word = m[1].toLowerCase();
  const matches = FIND_OPERAND_NAMES.filter((o) => o.startsWith(word));
  if (matches.length === 0) return null;
  let common = matches[0]!;
  for (const o of matches) while (!o.startsWith(common)) common = common.slice(0, -1);
  if (common.length <= word.length) return null;
  return text.slice(0, text.length - word.length) + common + (matches.length === 1 && !common.endsWith(':') ? ' ' : '');
}
