/** Deterministic hashing for names and addresses the demo cluster generates (pod-template-hash, pod IPs). */

/** 32-bit FNV-1a of a string (the hash Kubernetes uses for `pod-template-hash`). */
export function fnv32a(input: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    hash ^= input.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no confusable characters). */
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' `rand.SafeEncodeString` applied to a number's decimal digits, e.g. a pod-template-hash. */
export function safeEncode(n: number): string {
  return String(n)
    .split('')
    .map((d) => SAFE_ALPHABET[Number(d)]!)
    .join('');
}

/** `length` characters from the safe alphabet, derived from `seed` (like the suffix of a generated pod name). */
export function safeSuffix(seed: string, length = 5): string {
  let out = '';
  let h = fnv32a(seed);
  for (let i = 0; i < length; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length]!;
    h = fnv32a(`${seed}/${i}/${h}`);
  }
  return out;
}
