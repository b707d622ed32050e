import { z } from 'zod';

/** The components the account health score can weigh, each normalised to 0-100 (docs/health.md). */
export const HEALTH_COMPONENTS = [
  'active_ratio_7d',
  'usage_trend',
  'feature_adoption',
  'seat_utilisation',
  'csat',
  'nps',
  'open_tickets',
  'days_to_renewal',
  'shipment_trend',
  'on_time_rate',
  'complaints',
  'utilisation',
  'utilisation_trend',
  'failures',
  'consumables',
] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

/**
 * Machines we sold: scored on how much they run, how often they break and whether the account still
 * buys its consumables from us. Weights chosen by AUC on generated data (docs/health.md).
 */
export const EQUIPMENT_PROFILE = {
  name: 'equipment',
  industries: ['制造', '医疗', '餐饮'],
  weights: { utilisation: 0.5, utilisation_trend: 0.3, failures: 0.1, consumables: 0.1 },
};

const weights = z
  .partialRecord(z.enum(HEALTH_COMPONENTS), z.number().min(0))
  .refine((w) => Object.values(w).some((v) => v > 0), {
    message: 'expected at least one component with a weight above 0',
  });

export const HealthConfigSchema = z
  .object({
    /** Component weights; they need not sum to 1 (they are normalised over the components with data). */
    // Chosen among a handful of standard weightings by AUC on two generated data sets (docs/health.md).
    weights: weights.default({
      usage_trend: 0.4,
      active_ratio_7d: 0.3,
      feature_adoption: 0.1,
      csat: 0.1,
      open_tickets: 0.1,
    }),
    /**
     * Weights for kinds of account, by core.accounts.industry: the first profile naming an
     * account's industry that has data for one of its weighted components applies, else
     * `weights`. E.g. a logistics customer scored on shipments. The default scores the industries
     * of the generated equipment feed on their machines; a `profiles` setting replaces it.
     */
    profiles: z
      .array(
        z
          .object({
            name: z.string().min(1),
            industries: z.array(z.string().min(1)).min(1),
            weights,
          })
          .strict(),
      )
      .default([EQUIPMENT_PROFILE]),
    /** Features whose use counts for feature_adoption (keys of the usage feed's features). */
    keyFeatures: z
      .array(z.string().min(1))
      .min(1)
      .default(['reports', 'automation', 'api_calls', 'mobile_sessions']),
    /** Upper bounds of the red and yellow bands: score <= red is red, <= yellow yellow, else green. */
    bands: z
      .object({ red: z.number().min(0).max(100).default(50), yellow: z.number().min(0).max(100).default(75) })
      .strict()
      .default({ red: 50, yellow: 75 })
      .refine((b) => b.red < b.yellow, { message: 'expected red below yellow' }),
    /** An alert when the score fell by more than this since the previous as_of. */
    alertDrop: z.number().positive().max(100).default(15),
    /** `cdp health validate`: an account churning within this many days after an as_of is a churner there. */
    churnHorizonDays: z.number().int().positive().max(730).default(90),
  })
  .strict();
export type HealthConfig = z.output<typeof HealthConfigSchema>;
export const DEFAULT_HEALTH_CONFIG: HealthConfig = HealthConfigSchema.parse({});
