// Person names as written: Chinese characters are kept exactly (a traditional or variant character
// may be the person's real name), while the noise around them (width, spacing, zero-width
// characters, stray quotes) is removed so the same name typed twice compares equal.

import { isBlank } from './blank.ts';
import { ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue } from './result.ts';

/** Which writing system a name uses; 'mixed' is more than one, or one other than Han and Latin. */
export type NameScript = 'han' | 'latin' | 'mixed';

export interface PersonName {
  full: string;
  script: NameScript;
}

// Two-character surnames; without them 欧阳娜娜 would split as 欧 + 阳娜娜. Simplified and traditional.
// 单于 is left out: 单 is a common surname on its own and 于 a common first given character.
// prettier-ignore
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '端木', '独孤', '南宫', '西门', '澹台', '公冶', '宗政', '濮阳', '淳于', '太叔', '申屠', '钟离', '闻人',
  '赫连', '百里', '东郭', '呼延', '万俟', '拓跋', '左丘', '司空', '司寇', '颛孙', '巫马', '公西', '漆雕', '乐正',
  '公良', '梁丘', '公羊', '微生', '羊舌', '鲜于', '闾丘', '段干', '第五',
  '歐陽', '司馬', '諸葛', '東方', '長孫', '軒轅', '獨孤', '南宮', '西門', '澹臺', '鍾離', '聞人', '東郭', '拓拔',
  '顓孫', '巫馬', '樂正', '鮮於', '閭丘',
]);

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
// Middle dots separating the parts of transliterated names (阿卜杜勒·买买提), in their many code points.
const MIDDLE_DOTS = /[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff65]/g;
const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;

/** Normalises a person's name: NFKC, whitespace collapsed, edge punctuation and zero-width characters removed. */
export function normaliseName(raw: RawValue): Normalised<PersonName | null> {
  if (isBlank(raw)) return ok(null);
  const full = String(raw)
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .replace(MIDDLE_DOTS, '·')
    .replace(/\s+/g, ' ')
    .replace(/ ?· ?/g, '·')
    .replace(EDGE_PUNCTUATION, '')
    // A space inside a Chinese name ('王 小明') is a typing accident, not a separator.
    .replace(/(?<=\p{Script=Han}) (?=\p{Script=Han})/gu, '');
  if (full === '') return ok(null);
  const letters = [...full].filter((ch) => LETTER.test(ch));
  if (letters.length === 0) {
    return fail('bad_name', `name ${quote(raw)} has no letters; expected a person's name`);
  }
  return ok({ full, script: scriptOf(letters) });
}

/** Splits an all-Han name into family and given name, knowing compound surnames; undefined otherwise. */
export function splitChineseName(full: string): { family: string; given: string } | undefined {
  const chars = [...full];
  if (chars.length < 2 || !chars.every((ch) => HAN.test(ch))) return undefined;
  const familyLength = chars.length >= 3 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return { family: chars.slice(0, familyLength).join(''), given: chars.slice(familyLength).join('') };
}

function scriptOf(letters: readonly string[]): NameScript {
  if (letters.every((ch) => HAN.test(ch))) return 'han';
  if (letters.every((ch) => LATIN.test(ch))) return 'latin';
  return 'mixed';
}
