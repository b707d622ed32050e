import { col, req, type Migration, type TableDef } from '../table-def.ts';

const asOf = req('as_of', 'date', 'The day the job ran for (inclusive, in the warehouse time zone).');

const healthScores: TableDef = {
  name: 'marts.health_scores',
  grain: 'One account with usage, tickets or surveys in the look-back windows, per as_of.',
  description:
    'Account health 0-100: configured components, each normalised to 0-100 (docs/health.md), weighted over the components that have data; bands red / yellow / green; trend against the previous as_of; roll-up over the account hierarchy (site to subsidiary to group).',
  primaryKey: ['as_of', 'account_code'],
  columns: [
    asOf,
    req('account_code', 'text', 'core.accounts.account_code.'),
    col('level', 'text', "Hierarchy level: 'group', 'subsidiary', 'site' or 'standalone'."),
    col('parent_account_code', 'text', 'Parent account in the hierarchy.'),
    req('score', 'double', "The account's own weighted score 0-100."),
    req('band', 'text', "'red', 'yellow' or 'green' by the configured bands (default 0-50, 51-75, 76-100)."),
    col('previous_score', 'double', 'Score at the latest earlier as_of, if any.'),
    col('trend', 'double', 'score - previous_score.'),
    req(
      'rollup_score',
      'double',
      'Seat-weighted score of the account and every account below it (equals score for an account without children).',
    ),
    req('rollup_band', 'text', 'Band of rollup_score.'),
    req(
      'components',
      'json',
      'Per component: raw value, 0-100 score and weight used (weights renormalised over components with data).',
    ),
  ],
};

const healthAlerts: TableDef = {
  name: 'marts.health_alerts',
  grain: 'One alert for one account, per as_of.',
  description:
    "Accounts whose score dropped by more than the configured amount since the previous as_of ('dropped'), or that entered the red band ('entered_red'), with the components that moved.",
  primaryKey: ['as_of', 'account_code', 'kind'],
  columns: [
    asOf,
    req('account_code', 'text', 'core.accounts.account_code.'),
    req('kind', 'text', "'dropped' or 'entered_red'."),
    req('score', 'double', 'Score at as_of.'),
    col('previous_score', 'double', 'Score at the previous as_of.'),
    req('moved', 'json', 'Components whose score changed by 5 points or more: name, before, after.'),
  ],
};

const forecasts: TableDef = {
  name: 'marts.forecasts',
  grain: 'One future period of one series, per as_of.',
  description:
    'Forecasts by the method each series chose in its rolling-origin backtest (lowest WAPE), with a prediction interval.',
  primaryKey: ['as_of', 'series', 'period_start'],
  keyIndex: 'postgres',
  columns: [
    asOf,
    req('series', 'text', "Series key, e.g. 'store_category:BJ01|口罩'."),
    req('period_start', 'date', 'First day of the forecast period (a Monday for weekly series).'),
    req('method', 'text', "'naive', 'seasonal_naive', 'moving_average', 'theta' or 'ets'."),
    req('value', 'double', 'Point forecast.'),
    col(
      'lower',
      'double',
      'Lower bound of the prediction interval (level in marts.forecast_accuracy docs; default 80%).',
    ),
    col('upper', 'double', 'Upper bound.'),
  ],
};

const forecastAccuracy: TableDef = {
  name: 'marts.forecast_accuracy',
  grain: 'One method on one series at one backtest cutoff, per as_of.',
  description:
    'Rolling-origin backtest: fit up to the cutoff, forecast the horizon, compare with actuals. WAPE = sum |error| / sum |actual|, NULL when the actuals sum to 0; MAPE over periods with a nonzero actual; bias = sum(forecast - actual) / sum |actual|. Pooled WAPE over series = sum(abs_error) / sum(abs_actual).',
  primaryKey: ['as_of', 'series', 'method', 'cutoff'],
  keyIndex: 'postgres',
  columns: [
    asOf,
    req('series', 'text', 'Series key.'),
    req('method', 'text', 'Forecast method.'),
    req('cutoff', 'date', 'First period the backtest forecast (the fit saw the periods before it).'),
    col('wape', 'double', 'WAPE of this cutoff; NULL when the actuals sum to 0.'),
    col('mape', 'double', 'MAPE over periods with a nonzero actual; NULL when there are none.'),
    col('bias', 'double', 'sum(forecast - actual) / sum |actual|; NULL when the actuals sum to 0.'),
    req('abs_error', 'double', 'sum |forecast - actual| over the horizon.'),
    req('abs_actual', 'double', 'sum |actual| over the horizon.'),
    req('chosen', 'boolean', 'Whether this method was chosen for the series.'),
  ],
};

/** Account health scores and alerts; forecasts and their backtest accuracy (issue 6). */
export const migration0008: Migration = {
  version: 8,
  name: 'health scores and forecasts',
  steps: [healthScores, healthAlerts, forecasts, forecastAccuracy].map((table) => ({
    kind: 'createTable' as const,
    table,
  })),
};
