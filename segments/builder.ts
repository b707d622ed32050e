import type {
  Attribute,
  Condition,
  EventFilter,
  Frequency,
  HealthBand,
  Metric,
  PurchaseFilter,
  Segment,
} from './schema.ts';

// The builder makes exactly the JSON form: chain methods are non-enumerable, so JSON.stringify,
// spreading and the schema see only the condition's own fields. Method names must differ from
// field names (atLeast() sets atLeastTimes), or the compiler would read a method as a field.

/** A purchase or event condition that can be narrowed by count, window and follow-up. */
export type ActivityCondition<F extends PurchaseFilter | EventFilter> = F &
  Frequency & {
    /** At least n times (default once). */
    atLeast(n: number): ActivityCondition<F>;
    /** In the last `days` days up to and including as_of. */
    within(window: { days: number }): ActivityCondition<F>;
    /** ...where at least one of those was not followed by `next` within `hours`. */
    notFollowedBy(next: PurchaseFilter | EventFilter, window: { hours: number }): ActivityCondition<F>;
  };

function activity<F extends PurchaseFilter | EventFilter>(fields: F & Frequency): ActivityCondition<F> {
  const methods = {
    atLeast: (n: number) => activity({ ...fields, atLeastTimes: n }),
    within: (w: { days: number }) => activity({ ...fields, withinDays: w.days }),
    notFollowedBy: (next: PurchaseFilter | EventFilter, w: { hours: number }) => {
      const {
        atLeastTimes: _a,
        withinDays: _w,
        withoutFollowUp: _n,
        ...filter
      } = next as typeof next & Frequency;
      return activity({ ...fields, withoutFollowUp: { ...filter, withinHours: w.hours } });
    },
  };
  const out = { ...fields };
  for (const [k, fn] of Object.entries(methods)) {
    Object.defineProperty(out, k, { value: fn, enumerable: false });
  }
  return out as ActivityCondition<F>;
}

/** Drops undefined keys so builder output equals the JSON form key for key. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Comparisons on a number; bounds are inclusive. */
export interface NumberTest {
  atLeast(n: number): Condition;
  atMost(n: number): Condition;
  between(min: number, max: number): Condition;
}

function metric(m: Metric): NumberTest {
  return {
    atLeast: (n) => ({ kind: 'metric', metric: m, min: n }),
    atMost: (n) => ({ kind: 'metric', metric: m, max: n }),
    between: (min, max) => ({ kind: 'metric', metric: m, min, max }),
  };
}

function score(which: 'r' | 'f' | 'm') {
  return {
    is: (n: number): Condition => ({ kind: 'rfm', [which]: [n, n] }),
    between: (lo: number, hi: number): Condition => ({ kind: 'rfm', [which]: [lo, hi] }),
    atLeast: (n: number): Condition => ({ kind: 'rfm', [which]: [n, 5] }),
  };
}

function attribute(a: Attribute) {
  return {
    is: (v: string): Condition => ({ kind: 'attribute', attribute: a, values: [v] }),
    in: (vs: readonly string[]): Condition => ({ kind: 'attribute', attribute: a, values: [...vs] }),
  };
}

/** All of the conditions. */
export function and(...conditions: Condition[]): Condition {
  return { kind: 'and', conditions };
}

/** Any of the conditions. */
export function or(...conditions: Condition[]): Condition {
  return { kind: 'or', conditions };
}

/** The condition does not hold (a customer without the data it needs is in `not`). */
export function not(condition: Condition): Condition {
  return { kind: 'not', condition };
}

/** RFM segment and scores at the latest marts.rfm_scores run on or before as_of. */
export const rfm = {
  segment: {
    is: (name: string): Condition => ({ kind: 'rfm', segments: [name] }),
    in: (names: readonly string[]): Condition => ({ kind: 'rfm', segments: [...names] }),
  },
  r: score('r'),
  f: score('f'),
  m: score('m'),
};

/** A marts.customer_tags tag: any value, or one of some values. */
export function tag(name: string) {
  return {
    exists: (): Condition => ({ kind: 'tag', tag: name }),
    is: (value: string): Condition => ({ kind: 'tag', tag: name, values: [value] }),
    in: (values: readonly string[]): Condition => ({ kind: 'tag', tag: name, values: [...values] }),
  };
}

/** marts.clv at the latest run on or before as_of. */
export const clv = {
  value: metric('clv'),
  probAlive: metric('prob_alive'),
  expectedPurchases: metric('expected_purchases'),
};

/** Net spend of all purchases up to as_of. */
export const lifetimeSpend = metric('lifetime_spend');
/** Purchases up to as_of. */
export const orderCount = metric('order_count');
/** Days from the last purchase to as_of (no purchase: never matches; use not(purchased())). */
export const daysSinceLastOrder = metric('days_since_last_order');

function healthTest(rollup: boolean) {
  const of = (fields: { bands?: HealthBand[]; min?: number; max?: number }): Condition =>
    defined({ kind: 'health' as const, ...fields, rollup: rollup || undefined });
  const score: NumberTest = {
    atLeast: (n) => of({ min: n }),
    atMost: (n) => of({ max: n }),
    between: (min, max) => of({ min, max }),
  };
  return {
    band: {
      is: (band: HealthBand): Condition => of({ bands: [band] }),
      in: (bands: readonly HealthBand[]): Condition => of({ bands: [...bands] }),
    },
    score,
  };
}

/**
 * Health of the customer's B2B accounts (the accounts of their contact records) at the latest
 * marts.health_scores run on or before as_of: true when any of those accounts matches.
 * `health.rollup` reads the roll-up over the account and the accounts below it.
 */
export const health = { ...healthTest(false), rollup: healthTest(true) };

export const city = attribute('city');
export const province = attribute('province');
export const gender = attribute('gender');

/** The latest consent event up to as_of for this purpose and channel is a grant. */
export function consent(purpose: string, channel: string): Condition {
  return { kind: 'consent', purpose, channel };
}

/** Bought (a counted purchase), optionally in some channels or stores or for at least an amount. */
export function purchased(
  filter: { channels?: readonly string[]; stores?: readonly string[]; minAmount?: number } = {},
): ActivityCondition<PurchaseFilter> {
  return activity(
    defined({
      kind: 'purchased' as const,
      channels: filter.channels && [...filter.channels],
      stores: filter.stores && [...filter.stores],
      minAmount: filter.minAmount,
    }),
  );
}

/** Had a core.events event of one of these types. */
export function did(
  eventTypes: string | readonly string[],
  filter: { channels?: readonly string[]; statuses?: readonly string[] } = {},
): ActivityCondition<EventFilter> {
  return activity(
    defined({
      kind: 'event' as const,
      eventTypes: typeof eventTypes === 'string' ? [eventTypes] : [...eventTypes],
      channels: filter.channels && [...filter.channels],
      statuses: filter.statuses && [...filter.statuses],
    }),
  );
}

/** Birthday from as_of to as_of + days (Feb 29 birthdays fall on Feb 28 in other years). */
export const birthday = {
  within: (w: { days: number }): Condition => ({ kind: 'birthday', withinDays: w.days }),
};

/** A member of another segment (evaluated at the same as_of). */
export function inSegment(name: string): Condition {
  return { kind: 'segment', segment: name };
}

/** Trusted SQL: a boolean expression over `c` (core.customers); spliced into the query as written. */
export function sqlWhere(fragment: string): Condition {
  return { kind: 'sql', where: fragment };
}

/** A segment definition from its condition. */
export function define(where: Condition, opts: { description?: string } = {}): Segment {
  return defined({ description: opts.description, where });
}

/** Everything above in one namespace: `segment.and(rfm.segment.in([...]), ...)`. */
export const segment = {
  define,
  and,
  or,
  not,
  rfm,
  tag,
  clv,
  lifetimeSpend,
  orderCount,
  daysSinceLastOrder,
  health,
  city,
  province,
  gender,
  consent,
  purchased,
  did,
  birthday,
  inSegment,
  sql: sqlWhere,
};
