/**
 * Field paths as Kubernetes prints them (`field.Path`): dotted property names and `[i]` indices, e.g.
 * `spec.http[0].route[1].destination.subset`. Map keys that are not plain identifiers are quoted,
 * `metadata.labels["app.kubernetes.io/name"]`, so that the YAML editor can walk every path back to its node.
 */
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Append a property or map key to a path. */
export function childPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Append a list index to a path. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** Split a path built by `childPath`/`indexPath` back into its keys and indices. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const token = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./g;
  let match: RegExpExecArray | null;
  while ((match = token.exec(path)) !== null) {
    if (match[1] !== undefined) out.push(match[1]);
    else if (match[2] !== undefined) out.push(Number(match[2]));
    else if (match[3] !== undefined) out.push(JSON.parse(match[3]) as string);
  }
  return out;
}
