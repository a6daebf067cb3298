/** Command-line flags of the demo's entry points (`--name value`). */

/** The value after `--name` in process.argv, else `fallback`. */
export function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/**
 * `--name` as an integer in [0, max] (default `fallback`).
 * @throws Error `--name must be an integer between 0 and max (got ...)`.
 */
export function intFlag(name: string, fallback: number, max = 65535): number {
  const raw = flag(name, String(fallback))!;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`--${name} must be an integer between 0 and ${max} (got ${raw})`);
  return n;
}
