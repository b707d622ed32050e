import { z } from 'zod';

export const ForecastConfigSchema = z
  .object({
    /** Weekly net sales per store (or channel, for orders without a store) and category, per store, per category, or in total. */
    by: z.enum(['store_category', 'store', 'category', 'total']).default('store_category'),
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
