// Chinese mobile numbers: a real carrier prefix plus eight digits that are a bijection of a unique
// counter, so no two persons collide by accident (households share a phone on purpose, never by chance).

import type { Rng } from './random.ts';
import { permute, Weighted } from './random.ts';

// prettier-ignore
const PREFIXES: readonly (readonly [string, number])[] = [
  ['134', 3], ['135', 5], ['136', 5], ['137', 5], ['138', 6], ['139', 7], ['147', 1], ['150', 4], ['151', 4],
  ['152', 3], ['157', 2], ['158', 4], ['159', 4], ['178', 2], ['182', 3], ['183', 2], ['187', 3], ['188', 3],
  ['198', 2], ['130', 3], ['131', 3], ['132', 3], ['155', 2], ['156', 3], ['166', 2], ['175', 1], ['176', 2],
  ['185', 3], ['186', 4], ['133', 3], ['153', 2], ['173', 2], ['177', 2], ['180', 3], ['181', 2], ['189', 3],
  ['191', 1], ['199', 2],
];
const prefixTable = new Weighted(PREFIXES);

/** The famous test number every Chinese form has seen; real persons never get it. */
export const BLOCKED_TEST_PHONE = '13800138000';
/** Junk numbers typed when a customer will not give theirs. */
export const PLACEHOLDER_PHONES = [BLOCKED_TEST_PHONE, '13888888888', '13900000000'];

/** A mobile number unique to `uniqueIndex` (distinct indices never collide whatever the prefix). */
export function mobileFor(rng: Rng, uniqueIndex: number): string {
  const suffix = String(permute(uniqueIndex, 100_000_000, 7_919_177, 24_681_357)).padStart(8, '0');
  let prefix = prefixTable.pick(rng);
  if (prefix + suffix === BLOCKED_TEST_PHONE || PLACEHOLDER_PHONES.includes(prefix + suffix)) prefix = '139';
  return prefix + suffix;
}

/** The many ways a phone is typed into Chinese systems; `messiness` is the chance of a non-plain form. */
export function formatPhone(rng: Rng, phone: string, messiness: number): string {
  if (!rng.chance(messiness)) return phone;
  const a = phone.slice(0, 3);
  const b = phone.slice(3, 7);
  const c = phone.slice(7);
  switch (rng.int(10)) {
    case 0:
      return `+86 ${a} ${b} ${c}`;
    case 1:
      return `86-${a}-${b}-${c}`;
    case 2:
      return `${a}-${b}-${c}`;
    case 3:
      return `(+86)${phone}`;
    case 4:
      return `${a} ${b} ${c}`;
    case 5:
      return ` ${phone} `;
    case 6:
      return `+86${phone}`;
    case 7:
      return `0086 ${phone}`;
    case 8:
      return `${a} ${b}${c}`;
    default:
      return `${phone.slice(0, 5)} ${phone.slice(5)}`;
  }
}

/** How e-commerce platforms mask a receiver phone for privacy. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}
