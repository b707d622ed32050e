// The per-record half of name comparison: everything that needs pinyin or Unicode work is done
// here, once per record, so that compareNames, run on millions of pairs, only compares strings.

import { charPinyin, surnamePinyin } from './pinyin-cache.ts';
import { hanFamilyLength, romanisedSurname, surnameRank } from './surnames.ts';
import { toSimplified } from './traditional.ts';

/** Which writing system a name uses; 'mixed' is more than one, or one other than Han and Latin. */
export type NameScript = 'han' | 'latin' | 'mixed';

/** Precomputed per record, once; comparisons then run on these. Null when the name is missing/blank. */
export interface NameFeatures {
  /** Canonical form: Han folded to simplified with no spaces or dots; Latin lower-case, unaccented, single spaces. */
  readonly norm: string;
  readonly script: NameScript;
  /** Toneless pinyin (Han) or letters (Latin), lower-case, joined without spaces: 'zhangwei'. */
  readonly pinyin: string;
  /** One pinyin syllable per Han character, one entry per Latin word: ['zhang','wei'], ['david','wang']. */
  readonly tokens: readonly string[];
  /** Pinyin (Han) or lower-case spelling (Latin, romanised surnames as pinyin: wong -> wang) of the family name. */
  readonly family: string | null;
}

/** A Han character (folded to simplified) or a word of other letters (lower-case, unaccented). */
interface Part {
  readonly han: boolean;
  readonly text: string;
  /** The word was typed in capitals ('ZHANG Wei'), a sign that it is the family name. */
  readonly upper: boolean;
}

interface Parsed {
  readonly parts: readonly Part[];
  /** 'Zhang, Wei': a comma after the first word puts the family name first. */
  readonly familyFirstComma: boolean;
  /** 阿卜杜勒·买买提: a dot between Han characters marks a transliterated name, which has no Chinese surname. */
  readonly transliterated: boolean;
}

const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const ASCII_WORD = /^[a-z]+$/;
const LATIN_WORD = /^[\p{Script=Latin}\p{M}]+$/u;
const NAME_DOTS = new Set(['.', '\u00b7', '\u2022', '\u2027', '\u2219', '\u22c5', '\u30fb']);
const APOSTROPHES = new Set(["'", '\u2019', '\u02bc', '`']);
// Latin letters NFD does not take apart.
// prettier-ignore
const UNDECOMPOSABLE: ReadonlyMap<string, string> = new Map([
  ['ø', 'o'], ['ł', 'l'], ['đ', 'd'], ['ß', 'ss'], ['æ', 'ae'], ['œ', 'oe'], ['þ', 'th'],
]);
// Pinyin ü is typed v (吕 -> lv), and the passport spelling is 'lyu'. Only these words: 'Müller' keeps its u.
// prettier-ignore
const PINYIN_U_UMLAUT: ReadonlyMap<string, string> = new Map([
  ['lü', 'lv'], ['nü', 'nv'], ['lüe', 'lve'], ['nüe', 'nve'], ['lyu', 'lv'], ['nyu', 'nv'],
]);

/**
 * Precomputes what compareNames needs: canonical form, script, pinyin, tokens and family name.
 * The family name comes from `familyName` when given, else from the full name; when `fullName`
 * is blank the name is built from `familyName` and `givenName`. Null when there is no name.
 */
export function nameFeatures(
  fullName: string | null | undefined,
  familyName?: string | null,
  givenName?: string | null,
): NameFeatures | null {
  const family = parse(familyName);
  let full = parse(fullName);
  if (full === null) {
    const given = parse(givenName);
    if (family === null && given === null) return null;
    const familyParts = family?.parts ?? [];
    const givenParts = given?.parts ?? [];
    const hanOnly = familyParts.every((p) => p.han) && givenParts.every((p) => p.han);
    // Chinese order for Chinese names, 'Given Family' for the rest.
    const parts = hanOnly ? [...familyParts, ...givenParts] : [...givenParts, ...familyParts];
    full = { parts, familyFirstComma: false, transliterated: false };
  }
  return features(full, family);
}

function features(full: Parsed, family: Parsed | null): NameFeatures {
  const { parts } = full;
  const explicitHan = family !== null && family.parts.every((p) => p.han) ? hanText(family.parts) : '';
  const firstHan = parts.findIndex((p) => p.han);
  const familyLength = firstHan < 0 || full.transliterated ? 0 : hanFamilyAt(parts, firstHan, explicitHan);
  const familyEnd = firstHan + familyLength;
  const tokens: string[] = [];
  let norm = '';
  let hasHan = false;
  let hasLatin = false;
  let hasOther = false;
  let familyPinyin: string | null = null;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    const previous = parts[i - 1];
    // A space between Han characters ('张 伟') is a typing accident, not a separator.
    if (previous !== undefined && !(previous.han && part.han)) norm += ' ';
    norm += part.text;
    if (!part.han) {
      if (LATIN.test(part.text)) hasLatin = true;
      else hasOther = true;
      tokens.push(part.text);
    } else {
      hasHan = true;
      if (i === firstHan && familyLength > 0) {
        const syllables = surnamePinyin(hanText(parts.slice(i, familyEnd)));
        tokens.push(...syllables);
        familyPinyin = syllables.join('');
      } else if (i < firstHan || i >= familyEnd) {
        tokens.push(charPinyin(part.text));
      }
    }
  }
  const script: NameScript =
    hasHan && !hasLatin && !hasOther ? 'han' : hasLatin && !hasHan && !hasOther ? 'latin' : 'mixed';
  return {
    norm,
    script,
    pinyin: tokens.join(''),
    tokens,
    family: explicitFamily(family) ?? familyPinyin ?? (hasHan ? null : latinFamily(full)),
  };
}

/** Length of the Han family name starting at `start`: the explicit one if the name begins with it. */
function hanFamilyAt(parts: readonly Part[], start: number, explicitHan: string): number {
  const chars: string[] = [];
  for (let i = start; i < parts.length && parts[i]?.han === true; i++) chars.push((parts[i] as Part).text);
  if (explicitHan !== '') return chars.join('').startsWith(explicitHan) ? [...explicitHan].length : 0;
  return hanFamilyLength(chars);
}

function explicitFamily(family: Parsed | null): string | null {
  if (family === null) return null;
  if (family.parts.every((p) => p.han)) return surnamePinyin(hanText(family.parts)).join('');
  return romanisedSurname(family.parts.map((p) => (p.han ? charPinyin(p.text) : p.text)).join(''));
}

/**
 * The family name of a name in letters: written first when in capitals ('ZHANG Wei') or followed
 * by a comma ('Zhang, Wei'), or when it is the more common Chinese surname of the two ends
 * ('Zhang Wei', 'Wang Xiaoming'); else last, as in 'David Wang', 'Wei Zhang' and 'John Smith'.
 */
function latinFamily(full: Parsed): string | null {
  const { parts } = full;
  if (parts.length < 2) return null;
  const first = parts[0] as Part;
  const last = parts[parts.length - 1] as Part;
  if (full.familyFirstComma) return romanisedSurname(first.text);
  if (!parts.every((p) => p.upper)) {
    if (first.upper) return romanisedSurname(first.text);
    if (last.upper) return romanisedSurname(last.text);
  }
  const familyFirst = surnameRank(first.text) < surnameRank(last.text);
  return romanisedSurname(familyFirst ? first.text : last.text);
}

function hanText(parts: readonly Part[]): string {
  let text = '';
  for (const part of parts) text += part.text;
  return text;
}

/** Splits a raw name into Han characters and words; null when it has no letters. */
function parse(raw: string | null | undefined): Parsed | null {
  if (raw === null || raw === undefined) return null;
  const text = raw.normalize('NFKC').replace(ZERO_WIDTH, '');
  const parts: Part[] = [];
  let word = '';
  let familyFirstComma = false;
  let transliterated = false;
  const flush = (): void => {
    if (word === '') return;
    const lower = word.toLowerCase();
    const clean = cleanWord(lower);
    const upper = word.length >= 2 && word !== lower && word === word.toUpperCase();
    if (clean !== '') parts.push({ han: false, text: clean, upper });
    word = '';
  };
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) {
      word += ch;
    } else if (code >= 0x80 && HAN.test(ch)) {
      flush();
      parts.push({ han: true, text: toSimplified(ch), upper: false });
    } else if (APOSTROPHES.has(ch)) {
      // O'Brien is one word.
    } else if (code >= 0x80 && LETTER_OR_MARK.test(ch)) {
      word += ch;
    } else {
      flush();
      if (ch === ',' && parts.length === 1 && parts[0]?.han === false) familyFirstComma = true;
      if (NAME_DOTS.has(ch) && parts[parts.length - 1]?.han === true) transliterated = true;
    }
  }
  flush();
  return parts.length === 0 ? null : { parts, familyFirstComma, transliterated };
}

/** A lower-case word's comparable spelling: accents stripped from Latin, pinyin ü as v. */
function cleanWord(lower: string): string {
  const pinyinU = PINYIN_U_UMLAUT.get(lower);
  if (pinyinU !== undefined) return pinyinU;
  if (ASCII_WORD.test(lower) || !LATIN_WORD.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øłđßæœþ]/g, (ch) => UNDECOMPOSABLE.get(ch) ?? ch);
}
