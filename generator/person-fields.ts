// Name, address, nickname and email builders for a person. Names follow households (a member takes
// the head's surname and never the head's given name); unique parts come from bijections of the index.

import type { GenContext } from './context.ts';
import { isoDateOfEpochDay } from './calendar.ts';
import {
  ENGLISH_FEMALE,
  ENGLISH_MALE,
  femaleGivenChars,
  FOREIGN_SURNAMES,
  givenSyllables,
  maleGivenChars,
  NICK_PARTS,
  pinyinOf,
  surnameTable,
} from './names.ts';
import { cityAt, COMMUNITIES, STREETS } from './places.ts';
import type { PersonCore } from './population.ts';
import { personCore } from './population.ts';
import type { Rng } from './random.ts';
import { permute, rngFor, Weighted } from './random.ts';
import { STREAM } from './streams.ts';

export interface PersonName {
  /** Legal family name (Chinese characters, or the Latin surname of a foreigner). */
  family: string;
  given: string;
  /** Legal full name as an official system prints it. */
  full: string;
  /** English first name used socially ('Kevin'), if any. */
  english: string;
  familyPinyin: string;
  givenPinyin: string[];
}

export interface Address {
  province: string;
  city: string;
  district: string;
  street: string;
  detail: string;
}

const EMAIL_KIND = new Weighted<string>([
  ['qq', 40],
  ['163.com', 15],
  ['126.com', 8],
  ['sina.com', 4],
  ['139', 5],
  ['gmail.com', 8],
  ['outlook.com', 8],
  ['foxmail.com', 5],
  ['icloud.com', 7],
]);

/** The surname person i was born with (households share the head's). */
function surnameOf(ctx: GenContext, i: number): string {
  return surnameTable.pick(rngFor(ctx.seed, STREAM.surname, i));
}

function drawGiven(rng: Rng, core: PersonCore): string {
  const chars = core.male ? maleGivenChars : femaleGivenChars;
  const birthYear = Number(isoDateOfEpochDay(core.birthEpochDay).slice(0, 4));
  const single = rng.chance(birthYear < 1985 ? 0.4 : 0.22);
  const a = rng.pick(chars);
  if (single) return a;
  let b = rng.pick(chars);
  while (b === a) b = rng.pick(chars);
  return a + b;
}

/** The name of a person from its core. */
export function nameOf(ctx: GenContext, core: PersonCore): PersonName {
  const rng = rngFor(ctx.seed, STREAM.name, core.index);
  if (core.style === 'foreign') {
    const first = rng.pick(core.male ? ENGLISH_MALE : ENGLISH_FEMALE);
    const last = rng.pick(FOREIGN_SURNAMES);
    return {
      family: last,
      given: first,
      full: `${first} ${last}`,
      english: first,
      familyPinyin: '',
      givenPinyin: [],
    };
  }
  const family = surnameOf(ctx, core.householdHead >= 0 ? core.householdHead : core.index);
  let given = drawGiven(rng, core);
  if (core.householdHead >= 0) {
    const headGiven = nameOf(ctx, personCore(ctx, core.householdHead)).given;
    while (given === headGiven) given = drawGiven(rng, core);
  }
  const english = core.style === 'english' ? rng.pick(core.male ? ENGLISH_MALE : ENGLISH_FEMALE) : '';
  return {
    family,
    given,
    full: family + given,
    english,
    familyPinyin: pinyinOf(family),
    givenPinyin: givenSyllables(given),
  };
}

/** A home address in a city district. */
export function addressIn(rng: Rng, cityIndex: number, districtIndex: number): Address {
  const city = cityAt(cityIndex);
  const district = city.districts[districtIndex % city.districts.length]?.[0] ?? '';
  const floor = rng.between(1, 28);
  return {
    province: city.province,
    city: city.city,
    district,
    street: `${rng.pick(STREETS)}${rng.between(1, 999)}号`,
    detail: `${rng.pick(COMMUNITIES)}${rng.between(1, 30)}栋${rng.between(1, 6)}单元${floor}${String(rng.between(1, 4)).padStart(2, '0')}室`,
  };
}

/** A shop or WeChat nickname in one of the styles people pick. */
export function nickname(rng: Rng, name: PersonName, year: string): string {
  const { adjectives, nouns, emoji } = NICK_PARTS;
  const pinyin = name.familyPinyin + name.givenPinyin.join('');
  switch (rng.int(7)) {
    case 0:
      return rng.pick(adjectives) + rng.pick(nouns);
    case 1:
      return `${rng.pick(nouns)}${rng.between(10, 99)}`;
    case 2:
      return `tb${rng.chars('0123456789', 10)}`;
    case 3:
      return `jd_${rng.chars('abcdefghijklmnopqrstuvwxyz', 6)}${rng.between(100, 999)}`;
    case 4:
      return pinyin
        ? `${pinyin}${year.slice(rng.chance(0.5) ? 2 : 0)}`
        : `${name.given.toLowerCase()}${year}`;
    case 5:
      return `${rng.pick(emoji)}${name.given.slice(-1)}${name.given.slice(-1)}${rng.pick(emoji)}`;
    default:
      return `${rng.pick(nouns)}爱吃${rng.pick(['鱼', '西瓜', '火锅', '甜品', '草莓'])}`;
  }
}

/** A personal email; unique per person by construction (QQ number or a scrambled suffix). */
export function emailOf(rng: Rng, core: PersonCore, name: PersonName, phone: string): string {
  const kind = EMAIL_KIND.pick(rng);
  const unique = permute(core.index, 10_000_000, 3_344_557, 1_234_567);
  if (kind === 'qq') return `${100_000_000 + permute(core.index, 900_000_000, 7_654_321, 98_765)}@qq.com`;
  if (kind === '139' && core.householdHead < 0) return `${phone}@139.com`;
  const local =
    core.style === 'foreign'
      ? `${name.given}.${name.family}`.toLowerCase()
      : (name.familyPinyin + name.givenPinyin.join('')).replace('ü', 'v');
  return `${local}${unique}@${kind === '139' ? '163.com' : kind}`;
}
