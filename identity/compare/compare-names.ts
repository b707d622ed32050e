// Person names -> a Fellegi-Sunter level. Runs per candidate pair, so it only compares the strings
// nameFeatures prepared; nothing here converts to pinyin or touches Unicode tables.
//
// Refinements of the plain "Jaro-Winkler of the pinyin" scale, and why:
// - Two Han names are compared character by character, not by Jaro-Winkler: the shared family
//   name is a long common prefix that lifts 张伟/张文 (zhangwei/zhangwen) to 0.95 although the
//   given names differ. One differing character is a typo when the characters look alike (王/玉)
//   or sound alike (明/敏, ming/min); otherwise it is only 'similar' in a name of three or more
//   characters, and nothing in a two-character name. Siblings share the family name and often
//   the generation character (王小明/王小红), so that must not read as 'very similar'.
// - For names in letters with the same family name, the given names are compared without it, for
//   the same reason (and so 'Wei Zhang' and 'Zhang Wie' line up despite the order).

import levenshtein from 'fast-levenshtein';
import { jaroWinkler } from './jaro-winkler.ts';
import { isLookAlike } from './look-alike.ts';
import type { NameFeatures } from './name-features.ts';

/** Levels of compareNames by name; the value is the level. */
export const NameLevel = {
  /** At least one side has no name: no evidence. */
  missing: 0,
  different: 1,
  /** Only the family names agree ('David Wang' / 王伟). */
  family_only: 2,
  /** A typo or a dropped character (王小明 / 王明, 'Jon Smyth' / 'John Smith'). */
  similar: 3,
  /** A one-letter slip or a look-alike character (王小明 / 玉小明, 'Zhang Wie' / 'Zhang Wei'). */
  very_similar: 4,
  /** Same pinyin, any syllable order: traditional, pinyin spelling, homophones, swapped order. */
  same_sound: 5,
  /** Same canonical form. */
  exact: 6,
} as const;

/** Names of the levels of compareNames; index = level. */
export const NAME_LEVELS: readonly string[] = Object.keys(NameLevel);

const VERY_SIMILAR_JW = 0.94;
const SIMILAR_JW = 0.85;
// Syllables this close are an input-method slip (ming/min, zheng/zhen, lin/ling).
const NEAR_SYLLABLE_JW = 0.85;
// Two edits in six or more letters never bring Jaro-Winkler below 0.61 (fuzzed over millions of
// random pairs), so below this floor the Levenshtein table, a third of a pair's cost, is skipped.
const LEVENSHTEIN_FLOOR_JW = 0.55;
// Above this, trying every order of the tokens is not worth it; real names have 2-4.
const MAX_REORDER_TOKENS = 8;

/** Compares two names prepared by nameFeatures; returns a level of NAME_LEVELS. */
export function compareNames(a: NameFeatures | null, b: NameFeatures | null): number {
  if (a === null || b === null) return NameLevel.missing;
  if (a.norm === b.norm) return NameLevel.exact;
  if (a.pinyin === b.pinyin) return NameLevel.same_sound;
  if (a.pinyin.length === b.pinyin.length && (reorders(a.tokens, b.pinyin) || reorders(b.tokens, a.pinyin))) {
    return NameLevel.same_sound;
  }
  if (a.script === 'han' && b.script === 'han') return compareHan(a, b);
  return compareSpelling(a, b);
}

function compareHan(a: NameFeatures, b: NameFeatures): number {
  const x = a.tokens;
  const y = b.tokens;
  if (x.length === y.length) {
    let differing = -1;
    for (let i = 0; i < x.length; i++) {
      if (x[i] === y[i]) continue;
      if (differing >= 0) return familyLevel(a, b);
      differing = i;
    }
    // One syllable differs (the whole pinyin would be equal otherwise, and compareNames caught that).
    const oneCharEach = a.norm.length === x.length && b.norm.length === y.length;
    if (oneCharEach && isLookAlike(a.norm.charAt(differing), b.norm.charAt(differing))) {
      return NameLevel.very_similar;
    }
    if (jaroWinkler(x[differing] as string, y[differing] as string) >= NEAR_SYLLABLE_JW) {
      return NameLevel.very_similar;
    }
    if (x.length >= 3) return NameLevel.similar;
  } else if (
    Math.min(x.length, y.length) >= 2 &&
    dropsOne(x.length > y.length ? x : y, x.length > y.length ? y : x)
  ) {
    return NameLevel.similar;
  }
  return familyLevel(a, b);
}

function compareSpelling(a: NameFeatures, b: NameFeatures): number {
  if (a.family !== null && a.family === b.family) {
    const givenA = givenName(a, a.family);
    const givenB = givenName(b, a.family);
    const level =
      givenA !== null && givenB !== null ? similarity(givenA, givenB) : similarity(a.pinyin, b.pinyin);
    return level === NameLevel.different ? NameLevel.family_only : level;
  }
  const level = similarity(a.pinyin, b.pinyin);
  if (level !== NameLevel.different) return level;
  // Names in letters: given and family name in the other order (a column swap) with a typo
  // ('oNah Watson' / 'Watson Noah'), or one name a part of the other ('Noah' / 'Morris Noah', as
  // 'Noah' / 'Noah Morris' already is by its common prefix; 'Thomas' / 'Harry Tomas'). Not with Han
  // names, whose syllables are too short to tell a typo from another name, and where 伟 / 张伟 is
  // 'different' too.
  if (a.script !== 'latin' || b.script !== 'latin') return NameLevel.different;
  const [x, y] = a.tokens.length <= b.tokens.length ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
  return wordsPairUp(x, y) ? NameLevel.similar : NameLevel.different;
}

/**
 * Whether each word of `x` pairs up with another word of `y` (at most MAX_REORDER_TOKENS), in any
 * order: the same word or, in four letters or more, a typo apart (`similarity`).
 */
function wordsPairUp(x: readonly string[], y: readonly string[]): boolean {
  if (y.length > MAX_REORDER_TOKENS) return false;
  const alike = (s: string, t: string) =>
    s === t || (s.length >= 4 && t.length >= 4 && similarity(s, t) !== NameLevel.different);
  const pairUp = (i: number, used: number): boolean => {
    if (i === x.length) return true;
    for (let j = 0; j < y.length; j++) {
      if ((used & (1 << j)) === 0 && alike(x[i]!, y[j]!) && pairUp(i + 1, used | (1 << j))) return true;
    }
    return false;
  };
  return pairUp(0, 0);
}

/** Level of two spellings by Jaro-Winkler, with Levenshtein for longer strings JW is harsh on. */
function similarity(x: string, y: string): number {
  const jw = jaroWinkler(x, y);
  if (jw >= VERY_SIMILAR_JW) return NameLevel.very_similar;
  // Jaro's match window is 0 for three letters, so 'wei'/'wie' would score 0.56.
  if (swapsTwoAdjacent(x, y)) return NameLevel.very_similar;
  if (jw >= SIMILAR_JW) return NameLevel.similar;
  if (
    jw >= LEVENSHTEIN_FLOOR_JW &&
    Math.min(x.length, y.length) >= 6 &&
    Math.abs(x.length - y.length) <= 2 &&
    levenshtein.get(x, y) <= 2
  ) {
    return NameLevel.similar;
  }
  return NameLevel.different;
}

function familyLevel(a: NameFeatures, b: NameFeatures): number {
  return a.family !== null && a.family === b.family ? NameLevel.family_only : NameLevel.different;
}

/** The pinyin without the family name at its start or end; null when it is not found there. */
function givenName(name: NameFeatures, family: string): string | null {
  const { pinyin } = name;
  if (pinyin.length <= family.length) return null;
  if (pinyin.startsWith(family)) return pinyin.slice(family.length);
  if (pinyin.endsWith(family)) return pinyin.slice(0, pinyin.length - family.length);
  return null;
}

/** Whether `target` is all of `tokens` concatenated in some order ('weizhang' from zhang, wei). */
function reorders(tokens: readonly string[], target: string): boolean {
  if (tokens.length < 2 || tokens.length > MAX_REORDER_TOKENS) return false;
  return coverFrom(tokens, target, 0, 0);
}

function coverFrom(tokens: readonly string[], target: string, position: number, used: number): boolean {
  // Token lengths add up to the target's length (checked by the caller), so reaching the end uses them all.
  if (position === target.length) return true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if ((used & (1 << i)) !== 0 || !target.startsWith(token, position)) continue;
    if (coverFrom(tokens, target, position + token.length, used | (1 << i))) return true;
  }
  return false;
}

/** Whether `y` is `x` with two neighbouring letters swapped ('wei' / 'wie'). */
function swapsTwoAdjacent(x: string, y: string): boolean {
  if (x.length !== y.length) return false;
  let i = 0;
  while (i < x.length && x.charCodeAt(i) === y.charCodeAt(i)) i++;
  if (
    i + 1 >= x.length ||
    x.charCodeAt(i) !== y.charCodeAt(i + 1) ||
    x.charCodeAt(i + 1) !== y.charCodeAt(i)
  ) {
    return false;
  }
  return x.slice(i + 2) === y.slice(i + 2);
}

/** Whether `shorter` is `longer` with one syllable left out (王小明 -> 王明). */
function dropsOne(longer: readonly string[], shorter: readonly string[]): boolean {
  if (longer.length !== shorter.length + 1) return false;
  let skipped = 0;
  for (let i = 0; i < shorter.length; i++) {
    if (longer[i + skipped] === shorter[i]) continue;
    if (skipped === 1 || longer[i + 1] !== shorter[i]) return false;
    skipped = 1;
  }
  return true;
}
