// Demand shape over the calendar: weekly rhythm, the Spring Festival (pre-holiday stock-up, then a
// dip while shops close and couriers stop), the 618 and Double 11 e-commerce festivals, and the hour
// of day each channel's purchases cluster in (including the midnight rush when Double 11 opens).

import type { Calendar } from './calendar.ts';
import type { Rng } from './random.ts';
import { Weighted } from './random.ts';

// Lunar new year's day (正月初一) by Gregorian year.
// prettier-ignore
const SPRING_FESTIVAL: Readonly<Record<number, readonly [number, number]>> = {
  2018: [2, 16], 2019: [2, 5], 2020: [1, 25], 2021: [2, 12], 2022: [2, 1], 2023: [1, 22], 2024: [2, 10],
  2025: [1, 29], 2026: [2, 17], 2027: [2, 6], 2028: [1, 26], 2029: [2, 13], 2030: [2, 3], 2031: [1, 23],
  2032: [2, 11], 2033: [1, 31], 2034: [2, 19], 2035: [2, 8],
};

const POS_WEEK = [1.25, 0.85, 0.85, 0.9, 0.95, 1.1, 1.3];
const ECOM_WEEK = [1.1, 0.95, 0.95, 0.95, 0.95, 1.0, 1.1];

export interface Seasonality {
  pos: Float64Array;
  ecom: Float64Array;
  posMax: number;
  ecomMax: number;
  /** Days on which promotions hand out coupons: 'D11', '618', 'CNY', '38' or ''. */
  promo: string[];
  /** 1 on the festival days themselves (6/18, 11/11), when orders pile up right after midnight. */
  peak: Uint8Array;
}

/** Per-day demand multipliers for the window (plus a year of look-ahead for scheduling). */
export function buildSeasonality(cal: Calendar): Seasonality {
  const n = cal.days;
  const pos = new Float64Array(n);
  const ecom = new Float64Array(n);
  const promo: string[] = [];
  const peak = new Uint8Array(n);
  for (let day = 0; day < n; day++) {
    const [y, m, d] = cal.civil(day);
    const wd = cal.weekday(day);
    let p = POS_WEEK[wd] as number;
    let e = ECOM_WEEK[wd] as number;
    let tag = '';
    for (const year of [y, y + 1]) {
      const sf = SPRING_FESTIVAL[year];
      if (!sf) continue;
      const off = day - cal.dayOf(year, sf[0], sf[1]);
      if (off >= -14 && off < 0) [p, e, tag] = [p * 1.6, e * (off < -9 ? 1.2 : 0.5), 'CNY'];
      else if (off >= 0 && off <= 6) [p, e] = [p * 0.45, e * 0.35];
      else if (off > 6 && off <= 14) p *= 0.9;
    }
    if (m === 6 && d <= 18) [e, p, tag] = [e * (d === 18 ? 4 : d >= 16 ? 2 : 1.4), p * 1.1, '618'];
    if ((m === 10 && d === 31) || (m === 11 && d <= 13)) {
      e *= d === 11 && m === 11 ? 6 : m === 11 && d > 11 ? 1.3 : 1.6;
      p *= 1.1;
      tag = 'D11';
    }
    if (m === 12 && d === 12) [e, tag] = [e * 2, 'D12'];
    if (m === 3 && d === 8) [e, tag] = [e * 1.5, '38'];
    if (m === 10 && d <= 7) p *= 1.2;
    if ((m === 6 && d === 18) || (m === 11 && d === 11)) peak[day] = 1;
    pos[day] = p;
    ecom[day] = e;
    promo.push(tag);
  }
  return { pos, ecom, posMax: Math.max(...pos, 1), ecomMax: Math.max(...ecom, 1), promo, peak };
}

const hours = (w: readonly number[]) => new Weighted(w.map((x, h) => [h, x] as const));
// prettier-ignore
const POS_HOURS = hours([0, 0, 0, 0, 0, 0, 0, 0.3, 1, 3, 6, 8, 9, 7, 6, 6, 7, 9, 11, 11, 9, 6, 2, 0.2]);
// prettier-ignore
const ECOM_HOURS = hours([4, 2, 1, 0.5, 0.3, 0.3, 0.8, 2, 3, 4, 5, 5, 6, 5, 5, 5, 5, 5, 5, 6, 9, 10, 9, 6]);
// prettier-ignore
const FESTIVAL_HOURS = hours([40, 8, 2, 0.5, 0.3, 0.3, 0.8, 2, 3, 4, 5, 5, 6, 5, 5, 5, 5, 5, 5, 6, 9, 10, 12, 10]);
// prettier-ignore
const OFFICE_HOURS = hours([0.1, 0, 0, 0, 0, 0, 0.2, 1, 4, 8, 9, 8, 4, 6, 8, 8, 7, 6, 3, 2, 1.5, 1, 0.5, 0.2]);

/** A second of the day for an in-store purchase. */
export function posSecond(rng: Rng): number {
  return POS_HOURS.pick(rng) * 3600 + rng.int(3600);
}

/** A second of the day for an online order; festival days open with a midnight rush. */
export function ecomSecond(rng: Rng, festivalPeak: boolean): number {
  return (festivalPeak ? FESTIVAL_HOURS : ECOM_HOURS).pick(rng) * 3600 + rng.int(3600);
}

/** A second of the day weighted to office hours (B2B work, clinics, support contacts). */
export function officeSecond(rng: Rng): number {
  return OFFICE_HOURS.pick(rng) * 3600 + rng.int(3600);
}
