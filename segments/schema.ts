import { z } from 'zod';

/** Numbers the `metric` condition compares; docs/segments.md says where each comes from. */
export const METRICS = [
  'clv',
  'prob_alive',
  'expected_purchases',
  'lifetime_spend',
  'order_count',
  'days_since_last_order',
] as const;
export type Metric = (typeof METRICS)[number];

/** Golden-record fields of core.customers the `attribute` condition matches. */
export const ATTRIBUTES = ['city', 'province', 'gender'] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

/** Bands of marts.health_scores (models/health: red <= bands.red < yellow <= bands.yellow < green). */
export const HEALTH_BANDS = ['red', 'yellow', 'green'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/**
 * Health of the B2B accounts the customer is a contact of (core.source_records.account_code), at
 * the latest marts.health_scores run on or before as_of: true when at least one account matches
 * every field given.
 */
export interface HealthCondition {
  readonly kind: 'health';
  readonly bands?: readonly HealthBand[];
  /** Score 0-100, inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Read rollup_band / rollup_score (the account and every account below it) instead of its own. */
  readonly rollup?: boolean;
}

export interface PurchaseFilter {
  readonly kind: 'purchased';
  /** core.orders.channel in this list (absent: any). */
  readonly channels?: readonly string[];
  /** core.orders.store_code in this list (absent: any). */
  readonly stores?: readonly string[];
  /** Net amount after refunds at least this. */
  readonly minAmount?: number;
}

export interface EventFilter {
  readonly kind: 'event';
  /** core.events.event_type in this list. */
  readonly eventTypes: readonly string[];
  readonly channels?: readonly string[];
  readonly statuses?: readonly string[];
}

/** "...and did not do Y within H hours after it": the activity Y and H. */
export type FollowUp = (PurchaseFilter | EventFilter) & { readonly withinHours: number };

/** How often and when: at least `atLeastTimes` (default 1) times in the last `withinDays` days (absent: ever). */
export interface Frequency {
  readonly atLeastTimes?: number;
  readonly withinDays?: number;
  readonly withoutFollowUp?: FollowUp;
}

export type Condition =
  | { readonly kind: 'and'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'or'; readonly conditions: readonly Condition[] }
  | { readonly kind: 'not'; readonly condition: Condition }
  | {
      readonly kind: 'rfm';
      readonly segments?: readonly string[];
      readonly r?: readonly [number, number];
      readonly f?: readonly [number, number];
      readonly m?: readonly [number, number];
    }
  | { readonly kind: 'tag'; readonly tag: string; readonly values?: readonly string[] }
  | { readonly kind: 'metric'; readonly metric: Metric; readonly min?: number; readonly max?: number }
  | { readonly kind: 'attribute'; readonly attribute: Attribute; readonly values: readonly string[] }
  | { readonly kind: 'consent'; readonly purpose: string; readonly channel: string }
  | HealthCondition
  | (PurchaseFilter & Frequency)
  | (EventFilter & Frequency)
  | { readonly kind: 'birthday'; readonly withinDays: number }
  | { readonly kind: 'segment'; readonly segment: string }
  | { readonly kind: 'sql'; readonly where: string };

export type ConditionKind = Condition['kind'];

/** A segment: its rule and what it is for. */
export interface Segment {
  readonly description?: string;
  readonly where: Condition;
}

export const SEGMENT_NAME = /^[a-z][a-z0-9_]*$/;

const text = z.string().min(1);
const texts = z.array(text).min(1);
const score = z.number().int().min(1).max(5);
const scoreRange = z
  .tuple([score, score])
  .refine(([lo, hi]) => lo <= hi, { message: 'expected [low, high] with low <= high' });
const days = z.number().int().positive().max(3660);

const purchaseFilter = {
  kind: z.literal('purchased'),
  channels: texts.optional(),
  stores: texts.optional(),
  minAmount: z.number().optional(),
};
const eventFilter = {
  kind: z.literal('event'),
  eventTypes: texts,
  channels: texts.optional(),
  statuses: texts.optional(),
};
const withinHours = z
  .number()
  .int()
  .positive()
  .max(24 * 366);
const FollowUpSchema = z.discriminatedUnion('kind', [
  z.object({ ...purchaseFilter, withinHours }).strict(),
  z.object({ ...eventFilter, withinHours }).strict(),
]);
const frequency = {
  atLeastTimes: z.number().int().positive().optional(),
  withinDays: days.optional(),
  withoutFollowUp: FollowUpSchema.optional(),
};

const atLeastOne =
  (keys: readonly string[]) =>
  (v: object): boolean =>
    keys.some((k) => (v as Record<string, unknown>)[k] !== undefined);

// z.lazy for the recursion; the annotation pins the type to the hand-written Condition.
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('and'), conditions: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('or'), conditions: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ kind: z.literal('not'), condition: ConditionSchema }).strict(),
    z
      .object({
        kind: z.literal('rfm'),
        segments: texts.optional(),
        r: scoreRange.optional(),
        f: scoreRange.optional(),
        m: scoreRange.optional(),
      })
      .strict()
      .refine(atLeastOne(['segments', 'r', 'f', 'm']), {
        message: 'expected at least one of segments, r, f, m',
      }),
    z.object({ kind: z.literal('tag'), tag: text, values: texts.optional() }).strict(),
    z
      .object({
        kind: z.literal('metric'),
        metric: z.enum(METRICS),
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .strict()
      .refine(atLeastOne(['min', 'max']), { message: 'expected min, max or both' })
      .refine((m) => m.min === undefined || m.max === undefined || m.min <= m.max, {
        message: 'expected min <= max',
        path: ['max'],
      }),
    z.object({ kind: z.literal('attribute'), attribute: z.enum(ATTRIBUTES), values: texts }).strict(),
    z.object({ kind: z.literal('consent'), purpose: text, channel: text }).strict(),
    z
      .object({
        kind: z.literal('health'),
        bands: z.array(z.enum(HEALTH_BANDS)).min(1).optional(),
        min: z.number().min(0).max(100).optional(),
        max: z.number().min(0).max(100).optional(),
        rollup: z.boolean().optional(),
      })
      .strict()
      .refine(atLeastOne(['bands', 'min', 'max']), { message: 'expected at least one of bands, min, max' })
      .refine((h) => h.min === undefined || h.max === undefined || h.min <= h.max, {
        message: 'expected min <= max',
        path: ['max'],
      }),
    z.object({ ...purchaseFilter, ...frequency }).strict(),
    z.object({ ...eventFilter, ...frequency }).strict(),
    z.object({ kind: z.literal('birthday'), withinDays: z.number().int().min(0).max(366) }).strict(),
    z.object({ kind: z.literal('segment'), segment: z.string().regex(SEGMENT_NAME) }).strict(),
    z.object({ kind: z.literal('sql'), where: text }).strict(),
  ]),
);

export const SegmentSchema: z.ZodType<Segment> = z
  .object({ description: z.string().optional(), where: ConditionSchema })
  .strict();

/** Every segment condition that references another segment, with its key path below the segment. */
export function segmentReferences(
  c: Condition,
  path: readonly (string | number)[] = ['where'],
): { segment: string; path: (string | number)[] }[] {
  switch (c.kind) {
    case 'and':
    case 'or':
      return c.conditions.flatMap((x, i) => segmentReferences(x, [...path, 'conditions', i]));
    case 'not':
      return segmentReferences(c.condition, [...path, 'condition']);
    case 'segment':
      return [{ segment: c.segment, path: [...path, 'segment'] }];
    default:
      return [];
  }
}

/** The first cycle of segment references, as names with the first repeated last; null if none. */
export function findCycle(segments: Readonly<Record<string, Segment>>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done' || !(name in segments)) return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const ref of segmentReferences(segments[name]!.where)) {
      const cycle = visit(ref.segment);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(segments).sort()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}

export const SegmentsSchema = z
  .record(
    z
      .string()
      .regex(
        SEGMENT_NAME,
        'expected a segment name of lower-case letters, digits and _, starting with a letter',
      ),
    SegmentSchema,
  )
  .superRefine((segments, ctx) => {
    for (const [name, s] of Object.entries(segments)) {
      for (const ref of segmentReferences(s.where)) {
        if (!(ref.segment in segments)) {
          ctx.addIssue({
            code: 'custom',
            path: [name, ...ref.path],
            input: ref.segment,
            message: `unknown segment "${ref.segment}" (defined: ${Object.keys(segments).sort().join(', ')})`,
          });
        }
      }
    }
    const cycle = findCycle(segments);
    if (cycle) {
      ctx.addIssue({
        code: 'custom',
        path: [cycle[0]!],
        input: cycle,
        message: `segments reference each other in a cycle: ${cycle.join(' -> ')}`,
      });
    }
  });
export type Segments = Readonly<Record<string, Segment>>;
