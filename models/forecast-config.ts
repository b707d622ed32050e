import { z } from 'zod';

const stages = z.array(z.string().min(1));

/**
 * Win probability per stage name, English (Salesforce's defaults) and Chinese (as 销售易 / 纷享销客
 * style CRMs name them). Closed stages are listed too so that a stage history never meets an
 * unknown name for them.
 */
export const DEFAULT_STAGE_PROBABILITIES: Readonly<Record<string, number>> = {
  Prospecting: 0.1,
  Qualification: 0.2,
  'Needs Analysis': 0.3,
  'Value Proposition': 0.4,
  Proposal: 0.5,
  'Proposal/Price Quote': 0.5,
  Negotiation: 0.75,
  'Negotiation/Review': 0.75,
  'Closed Won': 1,
  'Closed Lost': 0,
  初步接洽: 0.1,
  需求确认: 0.2,
  方案报价: 0.5,
  商务谈判: 0.75,
  赢单: 1,
  输单: 0,
};

export const PipelineCategoryRuleSchema = z
  .object({
    /** Forecast category the rule assigns (series `pipeline_weighted:<category>`). */
    category: z.string().min(1),
    /** Stages the rule applies to (empty: any open stage)... */
    stages: stages.default([]),
    /** ...whose probability is at least this. */
    minProbability: z.number().min(0).max(1).default(0),
  })
  .strict();
export type PipelineCategoryRule = z.output<typeof PipelineCategoryRuleSchema>;

/** Commit from 70%, Best Case from 40%, the rest Pipeline: Salesforce's default mapping of its stages. */
export const DEFAULT_PIPELINE_CATEGORIES: readonly PipelineCategoryRule[] = [
  { category: 'Commit', stages: [], minProbability: 0.7 },
  { category: 'Best Case', stages: [], minProbability: 0.4 },
  { category: 'Pipeline', stages: [], minProbability: 0 },
];

export const PipelineForecastConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /**
     * 'weighted': open amount x stage probability at the end of each week, per category;
     * 'won': amount closed won in each week; 'won_by_category': the same per the category the
     * opportunity was in before it was won.
     */
    measures: z
      .array(z.enum(['weighted', 'won', 'won_by_category']))
      .min(1)
      .default(['weighted', 'won', 'won_by_category']),
    /**
     * Use the CRM's own forecast_category of a stage change (or of an opportunity without stage
     * history) when it has one: it overrides `categories`; 'Omitted' leaves the amount out of every
     * category; blank and 'Closed' fall back to the rules.
     */
    crmCategories: z.boolean().default(true),
    /** Win probability (0-1) of every open stage name the stage history holds; added to the defaults. */
    stageProbabilities: z
      .record(z.string().min(1), z.number().min(0).max(1))
      .default({})
      .transform((given) => ({ ...DEFAULT_STAGE_PROBABILITIES, ...given })),
    /** Category of an open opportunity: the first rule matching its stage and probability. */
    categories: z
      .array(PipelineCategoryRuleSchema)
      .min(1)
      .default([...DEFAULT_PIPELINE_CATEGORIES]),
    /** Stages that close an opportunity: won ones count in 'won', neither in 'weighted'. */
    wonStages: stages.min(1).default(['Closed Won', '赢单']),
    lostStages: stages.min(1).default(['Closed Lost', '输单']),
  })
  .strict()
  .superRefine((p, ctx) => {
    p.wonStages.forEach((s, i) => {
      if (p.lostStages.includes(s))
        ctx.addIssue({
          code: 'custom',
          path: ['wonStages', i],
          input: s,
          message: `stage "${s}" is in both wonStages and lostStages; keep it in one`,
        });
    });
  });
export type PipelineForecastConfig = z.output<typeof PipelineForecastConfigSchema>;

export const SalesForecastConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Weekly net sales per store (or channel, for orders without a store) and category, per store, per category, or in total. */
    by: z.enum(['store_category', 'store', 'category', 'total']).default('store_category'),
  })
  .strict();
export type SalesForecastConfig = z.output<typeof SalesForecastConfigSchema>;

export const ForecastConfigSchema = z
  .object({
    /** Weekly net sales from orders (series `<by>:<key>`, e.g. `store_category:BJ01|口罩`). */
    sales: SalesForecastConfigSchema.default(SalesForecastConfigSchema.parse({})),
    /** B2B pipeline from opportunities and their stage history (series `pipeline_weighted:<category>`, `pipeline_won:all`). */
    pipeline: PipelineForecastConfigSchema.default(PipelineForecastConfigSchema.parse({})),
    /** Weeks forecast, and the horizon of each backtest. */
    horizonWeeks: z.number().int().positive().max(104).default(13),
    /** Season length in weeks (52: yearly). */
    seasonLength: z.number().int().min(1).max(104).default(52),
    /** Backtest origins per series (rolling, one horizon apart). */
    origins: z.number().int().positive().max(52).default(4),
    /** Prediction interval level. */
    level: z.number().gt(0).lt(1).default(0.8),
    /** Series with fewer weeks of history are not forecast (counted in the run record). */
    minWeeks: z.number().int().positive().default(8),
  })
  .strict();
export type ForecastConfig = z.output<typeof ForecastConfigSchema>;
