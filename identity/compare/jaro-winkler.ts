// Jaro-Winkler similarity (Winkler 1990), the usual string comparator of record linkage. Written
// here rather than taken from a package: it runs on millions of candidate pairs, so it marks
// matched characters in two reused buffers, stamped with a per-call number instead of cleared.

const PREFIX_SCALE = 0.1;
const MAX_PREFIX = 4;

let matchedA = new Uint32Array(64);
let matchedB = new Uint32Array(64);
let stamp = 0;

/** Jaro similarity in [0, 1]: 1 for equal strings, 0 when either is empty and the other is not. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (matchedA.length < la) matchedA = new Uint32Array(la * 2);
  if (matchedB.length < lb) matchedB = new Uint32Array(lb * 2);
  if (stamp === 0xffffffff) {
    matchedA.fill(0);
    matchedB.fill(0);
    stamp = 0;
  }
  const now = ++stamp;
  const window = Math.max(0, ((la > lb ? la : lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const end = i + window + 1 < lb ? i + window + 1 : lb;
    for (let j = i > window ? i - window : 0; j < end; j++) {
      if (matchedB[j] !== now && b.charCodeAt(j) === code) {
        matchedA[i] = now;
        matchedB[j] = now;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let outOfOrder = 0;
  let j = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] !== now) continue;
    while (matchedB[j] !== now) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) outOfOrder++;
    j++;
  }
  const m = matches;
  return (m / la + m / lb + (m - outOfOrder / 2) / m) / 3;
}

/**
 * Jaro-Winkler similarity in [0, 1]: Jaro raised for a common prefix (scale 0.1, at most 4
 * characters). No boost threshold, so the published reference values come out exactly.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  const limit = Math.min(MAX_PREFIX, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * PREFIX_SCALE * (1 - j);
}
