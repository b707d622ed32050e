// Per-record noise: how each source system mangles the truth. Rates differ per feed (a hospital's
// registration desk checks the ID card; a courier receiver name is whatever the buyer typed), and are
// documented in CONTEXT.md. Every function draws from the record's own stream.

import { isoDateOfEpochDay, parseIsoDate } from './calendar.ts';
import { LOOKALIKES, TRADITIONAL } from './names.ts';
import type { PersonName } from './person.ts';
import { formatPhone, PLACEHOLDER_PHONES } from './phones.ts';
import type { Rng } from './random.ts';

export interface NoiseProfile {
  /** One character replaced by a look-alike or sound-alike. */
  lookalike: number;
  /** Traditional forms of the characters that have one. */
  traditional: number;
  /** Name typed in pinyin instead of characters. */
  pinyin: number;
  /** An English-style person gives their English name. */
  english: number;
  /** Stray space inside or around the name. */
  space: number;
  /** Phone in a non-plain spelling. */
  phoneMess: number;
  /** Email with upper case or surrounding spaces. */
  emailMess: number;
  /** Birth date off by one day or day/month swapped. */
  birthError: number;
  /** Junk placeholder instead of the real phone / email. */
  placeholderPhone: number;
  placeholderEmail: number;
}

const profile = (p: Partial<NoiseProfile>): NoiseProfile => ({
  lookalike: 0,
  traditional: 0,
  pinyin: 0,
  english: 0,
  space: 0,
  phoneMess: 0,
  emailMess: 0,
  birthError: 0,
  placeholderPhone: 0,
  placeholderEmail: 0,
  ...p,
});

// prettier-ignore
export const NOISE = {
  pos: profile({ lookalike: 0.04, traditional: 0.01, pinyin: 0.02, english: 0.4, space: 0.03, phoneMess: 0.15, birthError: 0.03, placeholderPhone: 0.01 }),
  ecommerce: profile({ lookalike: 0.03, traditional: 0.02, pinyin: 0.04, english: 0.6, space: 0.03, phoneMess: 0.25, placeholderPhone: 0.004 }),
  miniprogram: profile({ phoneMess: 0.02, birthError: 0.05, placeholderPhone: 0.005 }),
  his: profile({ lookalike: 0.005, traditional: 0.005, space: 0.005, phoneMess: 0.05, birthError: 0.01, placeholderPhone: 0.004 }),
  crm: profile({ lookalike: 0.02, traditional: 0.02, pinyin: 0.08, english: 0.85, space: 0.02, phoneMess: 0.4, emailMess: 0.1, placeholderEmail: 0.01 }),
  tickets: profile({ phoneMess: 0.35, emailMess: 0.15, placeholderPhone: 0.01, placeholderEmail: 0.01 }),
  wms: profile({ phoneMess: 0.3 }),
  consents: profile({ phoneMess: 0.05, emailMess: 0.05 }),
} as const;

export const PLACEHOLDER_EMAILS = ['test@test.com', '123456@qq.com', 'a@a.com', 'none@none.com'];

const cap = (s: string): string => (s ? (s[0] as string).toUpperCase() + s.slice(1) : s);

/** The name in pinyin, spelled one of the many ways forms receive it ('Zhang Wei', 'zhangwei', 'ZHANG Wei'...). */
export function pinyinName(rng: Rng, name: PersonName): string {
  let family = name.familyPinyin;
  if (family === 'lv') family = rng.pick(['lv', 'lu', 'lyu']);
  const given = name.givenPinyin.join('');
  switch (rng.int(8)) {
    case 0:
      return `${cap(family)} ${cap(given)}`;
    case 1:
      return family + given;
    case 2:
      return `${family.toUpperCase()} ${cap(given)}`;
    case 3:
      return `${cap(given)} ${cap(family)}`;
    case 4:
      return `${family} ${given}`;
    case 5:
      return (family + given).toUpperCase();
    case 6:
      return `${name.givenPinyin.map(cap).join('-')} ${cap(family)}`;
    default:
      return `${cap(family)}${cap(given)}`;
  }
}

function foreignName(rng: Rng, name: PersonName): string {
  const { given: first, family: last } = name;
  return rng.pick([
    `${first} ${last}`,
    `${last} ${first}`,
    `${last} ${first}`.toUpperCase(),
    `${last}, ${first}`,
    `${first} ${last.toUpperCase()}`,
  ]);
}

function swapOne(rng: Rng, text: string, table: Readonly<Record<string, readonly string[]>>): string {
  const chars = [...text];
  const candidates = chars.map((c, i) => (table[c] ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return text;
  const at = rng.pick(candidates);
  chars[at] = rng.pick(table[chars[at] as string] as readonly string[]);
  return chars.join('');
}

/** The name as one record of a feed holds it. */
export function noisyName(rng: Rng, name: PersonName, p: NoiseProfile): string {
  if (name.familyPinyin === '') return rng.chance(p.pinyin + p.space) ? foreignName(rng, name) : name.full;
  if (name.english && rng.chance(p.english)) {
    return rng.pick([
      `${name.english} ${cap(name.familyPinyin)}`,
      `${cap(name.familyPinyin)} ${name.english}`,
      name.english,
    ]);
  }
  if (rng.chance(p.pinyin)) return pinyinName(rng, name);
  let text = name.full;
  if (rng.chance(p.traditional)) text = [...text].map((c) => TRADITIONAL[c] ?? c).join('');
  if (rng.chance(p.lookalike)) text = swapOne(rng, text, LOOKALIKES);
  if (rng.chance(p.space))
    text = rng.chance(0.5) ? `${name.family} ${text.slice(name.family.length)}` : `${text} `;
  return text;
}

/** The phone as typed in one record (sometimes a junk placeholder). */
export function noisyPhone(rng: Rng, phone: string, p: NoiseProfile): string {
  if (rng.chance(p.placeholderPhone)) return rng.pick(PLACEHOLDER_PHONES);
  return formatPhone(rng, phone, p.phoneMess);
}

/** The email as typed in one record: upper case, stray spaces, or a junk placeholder. */
export function noisyEmail(rng: Rng, email: string, p: NoiseProfile): string {
  if (email === '') return '';
  if (rng.chance(p.placeholderEmail)) return rng.pick(PLACEHOLDER_EMAILS);
  if (!rng.chance(p.emailMess)) return email;
  switch (rng.int(3)) {
    case 0:
      return email.toUpperCase();
    case 1:
      return ` ${email} `;
    default:
      return cap(email);
  }
}

/** The birth date with the usual entry errors: a day off, or day and month swapped. */
export function noisyBirth(rng: Rng, iso: string, p: NoiseProfile): string {
  if (!rng.chance(p.birthError)) return iso;
  const day = Number(iso.slice(8, 10));
  const month = Number(iso.slice(5, 7));
  if (rng.chance(0.5) && day <= 12 && day !== month) {
    return `${iso.slice(0, 5)}${iso.slice(8, 10)}-${iso.slice(5, 7)}`;
  }
  const epochDay = parseIsoDate(iso) ?? 0;
  return isoDateOfEpochDay(epochDay + (rng.chance(0.5) ? 1 : -1));
}
