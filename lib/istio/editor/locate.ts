/**
 * Finding → editor position. Kiali's `EditorValidations.ts` (`parseKialiValidations`) walks a check's path tokens
 * (`spec/http[1]/route`) through the YAML text to place a Monaco marker; we do the same over the `yaml` AST, with
 * our paths written as Kubernetes prints them (`spec.http[1].route[0].destination.subset`, lib/istio/path.ts).
 * Pure and isomorphic.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import { parsePath } from '@/lib/istio/path';
import { firstLineOf, type TextRange } from './text-range';

export interface LocatedPath extends TextRange {
  /** How many path segments were found; less than the path's length when the marker falls back to an ancestor. */
  depth: number;
  /** True when the whole path exists in the text. */
  exact: boolean;
}

function scalarKey(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

type Anchor = { range: [number, number] };

/**
 * Finds the text range of `path` in a parsed document. When the path does not exist all the way (a missing `subset`,
 * a required field left out), the marker goes on the deepest ancestor that does, as Kiali does. A map key is marked
 * from the key to the end of its line; a list item on its first line.
 */
export function locatePath(doc: Document.Parsed, text: string, lc: LineCounter, path: string): LocatedPath {
  const segments = parsePath(path);
  let node: unknown = doc.contents;
  let anchor: Anchor | undefined = pickAnchor(doc.contents, undefined);
  let depth = 0;
  for (const segment of segments) {
    if (typeof segment === 'number' && isSeq(node)) {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
      anchor = pickAnchor(item, undefined) ?? anchor;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && scalarKey(p) === String(segment));
      if (!pair) break;
      node = pair.value;
      anchor = pickAnchor(pair.key, pair.value) ?? anchor;
    } else {
      break;
    }
    depth++;
  }
  const at = anchor?.range ?? [0, text.length];
  return { ...firstLineOf(text, lc, at[0], at[1]), depth, exact: depth === segments.length };
}

/** The span to mark for a key (key start → value end when the value is a scalar) or for a list item. */
function pickAnchor(key: unknown, value: unknown): Anchor | undefined {
  const keyRange = (key as Node | null)?.range;
  if (!keyRange) return undefined;
  const valueRange = (value as Node | null)?.range;
  if (value !== undefined && isScalar(value) && valueRange) return { range: [keyRange[0], valueRange[1]] };
  return { range: [keyRange[0], keyRange[1]] };
}
