import { z } from 'zod';
import { ForecastConfigSchema } from './forecast-config.ts';
import { HealthConfigSchema } from './health/config.ts';
import { KpiConfigSchema } from './kpis/config.ts';

const lowerName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected a lower-case name of letters, digits and _ starting with a letter');

const score = z.number().int().min(1).max(5);
const scoreRange = z
  .tuple([score, score])
  .refine(([lo, hi]) => lo <= hi, { message: 'expected [low, high] with low <= high' });

export const RfmSegmentRuleSchema = z
  .object({
    name: z.string().min(1),
    /** Inclusive score ranges; a customer gets the first rule whose three ranges hold. */
    r: scoreRange,
    f: scoreRange,
    m: scoreRange,
  })
  .strict();
export type RfmSegmentRule = z.output<typeof RfmSegmentRuleSchema>;

/**
 * The standard scheme, after the ranges of the `rfm` R package (Hanafi) with its lowest band split
 * into Hibernating and Lost. First match wins, so the narrow segments come before the wide ones.
 */
export const STANDARD_RFM_SEGMENTS: readonly RfmSegmentRule[] = [
  { name: 'Champions', r: [4, 5], f: [4, 5], m: [4, 5] },
  { name: 'Loyal Customers', r: [2, 5], f: [3, 5], m: [3, 5] },
  { name: 'Potential Loyalists', r: [3, 5], f: [1, 3], m: [1, 3] },
  { name: 'New Customers', r: [4, 5], f: [1, 1], m: [1, 1] },
  { name: 'Promising', r: [3, 4], f: [1, 1], m: [1, 1] },
  { name: 'Need Attention', r: [2, 3], f: [2, 3], m: [2, 3] },
  { name: 'About To Sleep', r: [2, 3], f: [1, 2], m: [1, 2] },
  { name: "Can't Lose Them", r: [1, 1], f: [4, 5], m: [4, 5] },
  { name: 'At Risk', r: [1, 2], f: [2, 5], m: [2, 5] },
  { name: 'Lost', r: [1, 1], f: [1, 1], m: [1, 1] },
  { name: 'Hibernating', r: [1, 2], f: [1, 2], m: [1, 2] },
];

export const RfmConfigSchema = z
  .object({
    /** Frequency and monetary count purchases in the last windowDays days up to as_of. */
    windowDays: z.number().int().positive().max(3660).default(365),
    /** Channels whose orders count (core.orders.channel); empty = all. */
    channels: z.array(z.string().min(1)).default([]),
    /** Named segments, first match wins; customers matching none are 'Others'. */
    segments: z
      .array(RfmSegmentRuleSchema)
      .min(1)
      .default([...STANDARD_RFM_SEGMENTS]),
  })
  .strict();

export const RuleTagSchema = z
  .object({
    /** The tag's name in marts.customer_tags (value 'true'). */
    name: lowerName,
    description: z.string().optional(),
    /** An order qualifies if it has a line in one of these categories (empty: any order). */
    categories: z.array(z.string().min(1)).default([]),
    /** ...and one of these SKUs (empty: any). */
    skus: z.array(z.string().min(1)).default([]),
    /** ...and its net amount (after discounts and refunds) is at least this. */
    minOrderAmount: z.number().nonnegative().default(0),
    /** ...and it was placed in one of these channels (empty: any). */
    channels: z.array(z.string().min(1)).default([]),
    /** The customer needs at least minOrders qualifying orders in each period... */
    minOrders: z.number().int().positive().default(1),
    /** ...of periodDays days, counting back from as_of... */
    periodDays: z.number().int().positive().max(3660).default(30),
    /** ...for this many consecutive periods (1 = just the last periodDays days). */
    periods: z.number().int().positive().max(120).default(1),
  })
  .strict();
export type RuleTag = z.output<typeof RuleTagSchema>;

export const TagsConfigSchema = z
  .object({
    /** Orders of the last windowDays days feed the preference tags. */
    windowDays: z.number().int().positive().max(3660).default(365),
    /** category_preference: the category with the largest share of spend, if its share is at least this. */
    categoryMinShare: z.number().min(0).max(1).default(0.3),
    /** channel_preference: the channel with most orders if its share is at least this, else 'omnichannel'. */
    channelMinShare: z.number().min(0).max(1).default(0.7),
    /** price_band: mean price paid relative to the category's mean unit price: below low is 'low', above high 'high'. */
    priceBand: z
      .object({ low: z.number().positive().default(0.85), high: z.number().positive().default(1.15) })
      .strict()
      .default({ low: 0.85, high: 1.15 }),
    /** promotion_sensitivity: share of orders with a discount; 'high' from high, 'medium' from medium. Needs minOrders. */
    promotion: z
      .object({
        high: z.number().min(0).max(1).default(0.5),
        medium: z.number().min(0).max(1).default(0.2),
        minOrders: z.number().int().positive().default(2),
      })
      .strict()
      .default({ high: 0.5, medium: 0.2, minOrders: 2 }),
    /** lifecycle_stage thresholds in days since the last or first purchase. */
    lifecycle: z
      .object({
        /** Bought first within this many days: 'new'. */
        newDays: z.number().int().positive().default(30),
        /** Customer for less than this or fewer than matureOrders orders: 'growing', else 'mature'. */
        matureDays: z.number().int().positive().default(180),
        matureOrders: z.number().int().positive().default(3),
        /** No purchase for this many days: 'churn_warning'... */
        warningDays: z.number().int().positive().default(90),
        /** ...and for this many: 'churned'. */
        churnedDays: z.number().int().positive().default(180),
      })
      .strict()
      .default({ newDays: 30, matureDays: 180, matureOrders: 3, warningDays: 90, churnedDays: 180 }),
    /** Rule tags, such as "bought masks at least twice a month with a basket over 200". */
    rules: z.array(RuleTagSchema).default([]),
  })
  .strict();

export const ClvConfigSchema = z
  .object({
    /** Length of the model's time unit in days (7 = weeks, as in the literature). */
    periodDays: z.number().positive().max(366).default(7),
    /** CLV horizon in days. */
    horizonDays: z.number().int().positive().max(3660).default(365),
    /** Yearly discount rate applied month by month. */
    annualDiscountRate: z.number().min(0).max(1).default(0.1),
    /** Channels whose orders count (empty = all). */
    channels: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const ModelsConfigSchema = z
  .object({
    /** The reporting currency: orders in any other currency are excluded with a counted reason. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as "CNY"')
      .default('CNY'),
    rfm: RfmConfigSchema.default(RfmConfigSchema.parse({})),
    tags: TagsConfigSchema.default(TagsConfigSchema.parse({})),
    clv: ClvConfigSchema.default(ClvConfigSchema.parse({})),
    /** Account health scores (docs/health.md). */
    health: HealthConfigSchema.default(HealthConfigSchema.parse({})),
    /** Weekly sales forecasts chosen by backtest WAPE (docs/forecasts.md). */
    forecast: ForecastConfigSchema.default(ForecastConfigSchema.parse({})),
    /** KPI metrics in marts.kpi_daily: SLA policies, business calendar, window (docs/kpis.md). */
    kpis: KpiConfigSchema.default(KpiConfigSchema.parse({})),
  })
  .strict()
  .superRefine((m, ctx) => {
    const names = new Set<string>();
    m.tags.rules.forEach((rule, i) => {
      if (BUILT_IN_TAGS.includes(rule.name) || names.has(rule.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tags', 'rules', i, 'name'],
          input: rule.name,
          message: `tag name "${rule.name}" is taken (built-in tags: ${BUILT_IN_TAGS.join(', ')}); pick another`,
        });
      }
      names.add(rule.name);
    });
    const l = m.tags.lifecycle;
    if (l.churnedDays <= l.warningDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['tags', 'lifecycle', 'churnedDays'],
        input: l.churnedDays,
        message: `expected churnedDays greater than warningDays (${l.warningDays})`,
      });
    }
    if (m.tags.priceBand.low >= m.tags.priceBand.high) {
      ctx.addIssue({
        code: 'custom',
        path: ['tags', 'priceBand', 'high'],
        input: m.tags.priceBand.high,
        message: `expected high greater than low (${m.tags.priceBand.low})`,
      });
    }
  });
export type ModelsConfig = z.output<typeof ModelsConfigSchema>;
export type ModelsConfigInput = z.input<typeof ModelsConfigSchema>;

/** Tags the tags job always writes; rule tags may not reuse these names. */
export const BUILT_IN_TAGS: readonly string[] = [
  'category_preference',
  'price_band',
  'channel_preference',
  'promotion_sensitivity',
  'lifecycle_stage',
];

export const DEFAULT_MODELS_CONFIG: ModelsConfig = ModelsConfigSchema.parse({});
