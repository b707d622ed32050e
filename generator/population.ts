// The hidden population. Person i is a pure function of (seed, i): its numeric core (demographics,
// which systems know it, lifecycle parameters) is cheap and is recomputed whenever a pass needs it;
// the full person with names and identifiers is built in person.ts. Persons 2k and 2k+1 may form a
// household (a parent and grown child sharing surname, address and one phone: the classic hard
// negative for phone-based matching).

import type { GenContext } from './context.ts';
import { CITIES, cityAt, cityTable, storesInCity, STORES } from './places.ts';
import { rngFor, Weighted } from './random.ts';
import { STREAM } from './streams.ts';

export type NameStyle = 'chinese' | 'english' | 'foreign';

export interface PersonCore {
  index: number;
  male: boolean;
  birthEpochDay: number;
  style: NameStyle;
  cityIndex: number;
  districtIndex: number;
  birthCityIndex: number;
  birthDistrictIndex: number;
  /** Index of the household head whose phone, surname and address this person shares, or -1. */
  householdHead: number;
  pos: boolean;
  ecom: boolean;
  mini: boolean;
  his: boolean;
  lead: boolean;
  /** CRM account this person is a contact at, or -1. */
  account: number;
  homeStore: number;
  /** Day of the first purchase / registration (window-relative). */
  acqDay: number;
  /** Purchases per day while alive (gamma-distributed across persons). */
  lambda: number;
  /** Chance of dropping out after each purchase (beta-distributed across persons: BG/NBD). */
  dropP: number;
  /** Share of purchases made in store rather than online. */
  posShare: number;
  /** Support contacts per year. */
  ticketRate: number;
  hasEmail: boolean;
  twoPhones: boolean;
  /** Day the person moved to moveCityIndex, or -1. */
  moveDay: number;
  moveCityIndex: number;
  posDuplicate: boolean;
  miniDuplicate: boolean;
  ecomSecondAccount: boolean;
  hisDuplicate: boolean;
  hasDevice: boolean;
}

const AGE_BANDS = new Weighted<readonly [number, number]>([
  [[18, 24], 12],
  [[25, 34], 26],
  [[35, 44], 22],
  [[45, 54], 17],
  [[55, 64], 13],
  [[65, 80], 10],
]);

/** Age in whole years at the window start. */
export function ageAtStart(ctx: GenContext, core: PersonCore): number {
  return Math.floor((ctx.cal.startEpochDay - core.birthEpochDay) / 365.25);
}

/** The numeric core of person i. */
export function personCore(ctx: GenContext, i: number): PersonCore {
  const rng = rngFor(ctx.seed, STREAM.core, i);
  const days = ctx.cal.days;
  const [lo, hi] = AGE_BANDS.pick(rng);
  let birthEpochDay = ctx.cal.startEpochDay - Math.floor((lo + rng.float() * (hi - lo + 1)) * 365.25);
  const styleRoll = rng.float();
  const style: NameStyle = styleRoll < 0.85 ? 'chinese' : styleRoll < 0.955 ? 'english' : 'foreign';
  let cityIndex = cityTable.pick(rng);
  let districtIndex = rng.int(cityAt(cityIndex).districts.length);
  const birthCityIndex = rng.chance(0.65) ? cityIndex : cityTable.pick(rng);
  const birthDistrictIndex = rng.int(cityAt(birthCityIndex).districts.length);
  let householdHead = -1;
  let male = rng.chance(0.49);
  if (i % 2 === 1 && rngFor(ctx.seed, STREAM.household, i >> 1).chance(0.025)) {
    const head = personCore(ctx, i - 1);
    if (head.style !== 'foreign' && style !== 'foreign') {
      householdHead = i - 1;
      cityIndex = head.cityIndex;
      districtIndex = head.districtIndex;
      const gap = Math.floor((24 + rng.float() * 10) * 365.25);
      const headAge = ageAtStart(ctx, head);
      // An older head has a child; a young head has a parent.
      birthEpochDay = headAge >= 42 ? head.birthEpochDay + gap : head.birthEpochDay - gap;
      male = rng.chance(0.5);
    }
  }
  const age = (ctx.cal.startEpochDay - birthEpochDay) / 365.25;
  const adult = age >= 16;
  const local = storesInCity(cityIndex);
  let pos = adult && (local.length > 0 ? rng.chance(0.6) : rng.chance(0.05));
  let ecom = adult && rng.chance(0.5);
  const mini = age >= 12 && rng.chance(pos ? 0.45 : 0.2);
  let his = rng.chance(0.18);
  const account = adult && age < 66 && rng.chance(ctx.b2bRate) ? ctx.accountTable.pick(rng) : -1;
  const lead = adult && rng.chance(account >= 0 ? 0.4 : 0.015);
  if (!pos && !ecom && !mini && !his && account < 0) {
    if (adult) ecom = true;
    else his = true;
  }
  const homeStore = local.length > 0 ? rng.pick(local) : rng.int(STORES.length);
  if (!adult) pos = false;
  const moved = rng.chance(0.04) && householdHead < 0;
  let moveCityIndex = cityIndex;
  while (moved && moveCityIndex === cityIndex) moveCityIndex = rng.int(CITIES.length);
  const acqDay = rng.int(days);
  return {
    index: i,
    male,
    birthEpochDay,
    style,
    cityIndex,
    districtIndex,
    birthCityIndex,
    birthDistrictIndex,
    householdHead,
    pos,
    ecom,
    mini,
    his,
    lead,
    account,
    homeStore,
    acqDay,
    lambda: Math.min(0.6, rng.gamma(0.8, 0.06 / 0.8)),
    dropP: rng.beta(0.7, 6),
    posShare: pos && ecom ? rng.beta(2, 2) : pos ? 1 : 0,
    ticketRate: account >= 0 ? 2 : 0.25,
    hasEmail: account >= 0 || rng.chance(style === 'chinese' ? 0.45 : 0.8),
    twoPhones: householdHead < 0 && rng.chance(0.03),
    moveDay: moved ? acqDay + rng.int(Math.max(1, days - acqDay)) : -1,
    moveCityIndex,
    posDuplicate: pos && rng.chance(0.02),
    miniDuplicate: mini && rng.chance(0.025),
    ecomSecondAccount: ecom && rng.chance(0.04),
    hisDuplicate: his && rng.chance(0.03),
    hasDevice: ecom && rng.chance(0.5),
  };
}
