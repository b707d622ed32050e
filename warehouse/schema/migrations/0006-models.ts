import { col, req, type Migration, type TableDef } from '../table-def.ts';

const asOf = req('as_of', 'date', 'The day the model was run for (inclusive, in the warehouse time zone).');
const customerId = req('customer_id', 'text', 'Unified customer ID (core.customers).');

const rfmScores: TableDef = {
  name: 'marts.rfm_scores',
  grain: 'One customer with at least one counted purchase in the window, per as_of.',
  description:
    'Recency, frequency and monetary value per customer over the configured window and channels, their quintile scores 1-5 (5 = best) and the named segment. Scores are by rank: score = 1 + floor(5 x (rank - 1) / n), rank = RANK() from worst to best, so equal values always share a score.',
  primaryKey: ['as_of', 'customer_id'],
  keyIndex: 'postgres',
  columns: [
    asOf,
    customerId,
    req('first_order_at', 'timestamptz', 'First counted purchase in the window.'),
    req('last_order_at', 'timestamptz', 'Last counted purchase on or before as_of.'),
    req('recency_days', 'integer', 'Days from the day of the last purchase to as_of (0 = bought on as_of).'),
    req(
      'frequency',
      'integer',
      'Distinct counted purchase orders in the window (fully refunded and cancelled orders do not count).',
    ),
    req(
      'monetary',
      'money',
      'Net spend in the window: net amounts minus refunds and returns, cancelled orders excluded.',
    ),
    req('r_score', 'integer', 'Recency quintile score, 5 = most recent.'),
    req('f_score', 'integer', 'Frequency quintile score, 5 = most orders.'),
    req('m_score', 'integer', 'Monetary quintile score, 5 = highest spend.'),
    req('rfm_cell', 'text', "The three scores as one code, e.g. '545'."),
    req(
      'segment',
      'text',
      "Named segment of the configured scheme (default: Champions, Loyal Customers, ... Hibernating, Lost; 'Others' if no rule matches).",
    ),
  ],
};

const customerTags: TableDef = {
  name: 'marts.customer_tags',
  grain: 'One tag of one customer, per as_of.',
  description:
    "Behaviour tags: category_preference, price_band, channel_preference, promotion_sensitivity, lifecycle_stage, and the configured rule tags (value 'true'). Segments query them by tag and value.",
  primaryKey: ['as_of', 'customer_id', 'tag'],
  keyIndex: 'postgres',
  columns: [
    asOf,
    customerId,
    req('tag', 'text', "Tag name: a built-in tag or a configured rule's name."),
    req(
      'value',
      'text',
      "The tag's value, e.g. 'mature', 'high', 'store', a category, or 'true' for rule tags.",
    ),
    col('score', 'double', 'The figure behind the value: a share, a ratio or a count (see docs).'),
  ],
};

const clv: TableDef = {
  name: 'marts.clv',
  grain: 'One customer with at least one counted purchase on or before as_of, per as_of.',
  description:
    'Customer lifetime value from BG/NBD (purchases) and Gamma-Gamma (spend per purchase), fitted on all history up to as_of; same-day purchases count as one transaction. Time in periods of marts.clv_models.period_days.',
  primaryKey: ['as_of', 'customer_id'],
  keyIndex: 'postgres',
  columns: [
    asOf,
    customerId,
    req('frequency', 'integer', 'Repeat purchase days (x): distinct purchase days minus one.'),
    req(
      'recency_periods',
      'double',
      "Customer's age at the last purchase (t_x): first to last purchase day, in periods.",
    ),
    req('age_periods', 'double', 'Age at as_of (T): first purchase day to as_of, in periods.'),
    req('avg_repeat_value', 'double', 'Mean value of the repeat purchase days (0 when frequency is 0).'),
    col(
      'prob_alive',
      'double',
      'BG/NBD probability that the customer is still active; NULL where the fitted model cannot be evaluated (see docs/models.md).',
    ),
    col('expected_purchases', 'double', 'Expected purchases over the horizon; NULL with prob_alive.'),
    col(
      'expected_avg_value',
      'double',
      'Gamma-Gamma expected value per purchase; NULL when the spend model has no finite mean (marts.clv_models.gg_q <= 1 or too few repeat customers).',
    ),
    col(
      'clv',
      'double',
      'Expected discounted value over the horizon, in the configured currency; NULL with expected_avg_value.',
    ),
    req('currency', 'text', 'ISO 4217 currency of the values.'),
  ],
};

const clvModels: TableDef = {
  name: 'marts.clv_models',
  grain: 'One fitted CLV model pair per as_of.',
  description:
    'The BG/NBD and Gamma-Gamma parameters behind marts.clv, with their fit and the settings used.',
  primaryKey: ['as_of'],
  columns: [
    asOf,
    req('customers', 'integer', 'Customers the BG/NBD model was fitted on.'),
    req('repeat_customers', 'integer', 'Customers with repeat purchases (the Gamma-Gamma fit).'),
    req('period_days', 'double', 'Length of one period in days (7 = weeks).'),
    req('horizon_days', 'integer', 'CLV horizon in days.'),
    req('annual_discount_rate', 'double', 'Discount rate per year.'),
    req('bgnbd_r', 'double', 'BG/NBD r.'),
    req('bgnbd_alpha', 'double', 'BG/NBD alpha.'),
    req('bgnbd_a', 'double', 'BG/NBD a.'),
    req('bgnbd_b', 'double', 'BG/NBD b.'),
    req('bgnbd_log_likelihood', 'double', 'BG/NBD log-likelihood at the optimum.'),
    col('gg_p', 'double', 'Gamma-Gamma p.'),
    col('gg_q', 'double', 'Gamma-Gamma q.'),
    col('gg_gamma', 'double', 'Gamma-Gamma gamma.'),
    col('gg_log_likelihood', 'double', 'Gamma-Gamma log-likelihood at the optimum.'),
    req('converged', 'boolean', 'Whether both fits converged.'),
  ],
};

/** Customer value models: RFM, tags, CLV (issue 5). */
export const migration0006: Migration = {
  version: 6,
  name: 'customer value models',
  steps: [rfmScores, customerTags, clv, clvModels].map((table) => ({ kind: 'createTable' as const, table })),
};
