import { sql, type Queryable } from '../warehouse/index.ts';
import {
  conditionalExpectedPurchases,
  ClvNumericError,
  conditionalExpectedSpend,
  customerLifetimeValues,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
} from './clv/index.ts';
import type { ModelsConfig } from './config.ts';
import { countedOrders, day, type CountedOrdersScope } from './counted-orders.ts';

/** One customer's purchase history as the models see it, in days. */
export interface ClvHistory {
  readonly customerId: string;
  /** Repeat purchase days. */
  readonly x: number;
  /** First to last purchase day. */
  readonly txDays: number;
  /** First purchase day to as_of. */
  readonly tDays: number;
  /** Value of the repeat purchase days together. */
  readonly repeatValue: number;
}

/** What the CLV job fitted and wrote. */
export interface ClvFit {
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number } | null;
  readonly gammaGamma: { p: number; q: number; gamma: number; logLikelihood: number } | null;
  readonly converged: boolean;
}

const MONTH_DAYS = 365.25 / 12;

/**
 * Per customer: purchase days up to as_of (same-day orders are one transaction, their values
 * summed), in one pass in the engine. Sorted by customer so the fit's input order is fixed.
 */
export async function readClvHistories(q: Queryable, scope: CountedOrdersScope): Promise<ClvHistory[]> {
  const asOf = day(scope.asOf);
  const { rows } = await q.query<{
    customer_id: string;
    x: number;
    tx_days: number;
    t_days: number;
    repeat_value: number;
  }>(sql`
    WITH counted_orders AS (${countedOrders(scope)}),
    daily AS (
      SELECT customer_id, order_day, sum(value) AS v FROM counted_orders
      WHERE reason IS NULL GROUP BY customer_id, order_day
    ),
    firsts AS (SELECT customer_id, min(order_day) AS first_day FROM daily GROUP BY customer_id)
    SELECT d.customer_id, count(*) - 1 AS x,
      CAST(max(d.order_day) - f.first_day AS INTEGER) AS tx_days,
      CAST(${asOf} - f.first_day AS INTEGER) AS t_days,
      COALESCE(sum(CASE WHEN d.order_day > f.first_day THEN d.v END), 0) AS repeat_value
    FROM daily d JOIN firsts f ON f.customer_id = d.customer_id
    GROUP BY d.customer_id, f.first_day
    ORDER BY d.customer_id`);
  return rows.map((r) => ({
    customerId: r.customer_id,
    x: Number(r.x),
    txDays: Number(r.tx_days),
    tDays: Number(r.t_days),
    repeatValue: Number(r.repeat_value),
  }));
}

/**
 * Fits BG/NBD and Gamma-Gamma on every customer's history up to as_of and replaces marts.clv
 * and marts.clv_models for as_of.
 */
export async function writeClv(
  tx: Queryable,
  config: ModelsConfig,
  scope: Omit<CountedOrdersScope, 'channels' | 'currency'>,
  warn: (message: string) => void = () => {},
): Promise<ClvFit> {
  const c = config.clv;
  const asOf = day(scope.asOf);
  const histories = await readClvHistories(tx, {
    ...scope,
    currency: config.currency,
    channels: c.channels,
  });
  await tx.query(sql`DELETE FROM marts.clv WHERE as_of = ${asOf}`);
  await tx.query(sql`DELETE FROM marts.clv_models WHERE as_of = ${asOf}`);
  if (histories.length === 0) {
    return { customers: 0, repeatCustomers: 0, bgnbd: null, gammaGamma: null, converged: false };
  }
  const n = histories.length;
  const x = new Float64Array(n);
  const tx_ = new Float64Array(n);
  const T = new Float64Array(n);
  const mbar = new Float64Array(n);
  histories.forEach((h, i) => {
    x[i] = h.x;
    tx_[i] = h.txDays / c.periodDays;
    T[i] = h.tDays / c.periodDays;
    mbar[i] = h.x > 0 ? h.repeatValue / h.x : 0;
  });
  const bg = fitBgNbd({ x, tx: tx_, T });
  const repeat = histories.filter((h) => h.x > 0);
  const fitted =
    repeat.length >= 2
      ? fitGammaGamma({
          x: Float64Array.from(repeat, (h) => h.x),
          mbar: Float64Array.from(repeat, (h) => h.repeatValue / h.x),
        })
      : null;
  // Gamma-Gamma has a finite mean spend only for q > 1; without one, spend and CLV are not given.
  const gg = fitted && fitted.q > 1 ? fitted : null;
  const horizon = c.horizonDays / c.periodDays;
  const steps = Math.max(1, Math.round(c.horizonDays / MONTH_DAYS));
  const clvOptions = {
    horizonPeriods: horizon,
    periodsPerStep: horizon / steps,
    discountRatePerStep: Math.pow(1 + c.annualDiscountRate, 1 / 12) - 1,
  };
  // A fit on little history can run to the edge of the parameter space (r and alpha in the
  // millions: purchase rates without heterogeneity), where the hypergeometric series of the
  // predictions does not converge. Those customers get NULL predictions, counted and logged.
  // Once one evaluation fails the others would each spend a million terms failing too.
  let unevaluated = 0;
  let degenerate = false;
  const attempt = <T>(f: () => T): T | null => {
    if (degenerate) return null;
    try {
      return f();
    } catch (err) {
      if (!(err instanceof ClvNumericError)) throw err;
      degenerate = true;
      return null;
    }
  };
  const values = gg
    ? attempt(() => customerLifetimeValues(bg, gg, { x, tx: tx_, T, mbar }, clvOptions))
    : null;
  const rows: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const [xi, txi, Ti, mi] = [x[i]!, tx_[i]!, T[i]!, mbar[i]!];
    const alive = attempt(() => probabilityAlive(bg, xi, txi, Ti));
    const purchases = attempt(() => conditionalExpectedPurchases(bg, horizon, xi, txi, Ti));
    const value = gg && purchases !== null && values ? values[i]! : null;
    if (alive === null || purchases === null || (gg && value === null)) unevaluated++;
    rows.push([
      scope.asOf,
      histories[i]!.customerId,
      xi,
      txi,
      Ti,
      mi,
      alive,
      purchases,
      gg ? conditionalExpectedSpend(gg, xi, mi) : null,
      value,
      config.currency,
    ]);
  }
  if (unevaluated > 0) {
    warn(
      `CLV for ${scope.asOf}: ${unevaluated} of ${n} customers could not be evaluated (the fit ran to r = ${bg.r.toPrecision(3)}, alpha = ${bg.alpha.toPrecision(3)}: too little history to tell customers apart); their predictions are NULL`,
    );
  }
  await tx.load(
    'marts.clv',
    [
      { name: 'as_of', type: 'date' },
      { name: 'customer_id', type: 'text' },
      { name: 'frequency', type: 'integer' },
      { name: 'recency_periods', type: 'double' },
      { name: 'age_periods', type: 'double' },
      { name: 'avg_repeat_value', type: 'double' },
      { name: 'prob_alive', type: 'double' },
      { name: 'expected_purchases', type: 'double' },
      { name: 'expected_avg_value', type: 'double' },
      { name: 'clv', type: 'double' },
      { name: 'currency', type: 'text' },
    ],
    [rows],
  );
  const converged = bg.converged && (gg?.converged ?? false);
  if (!converged) {
    warn(
      `CLV model for ${scope.asOf} did not converge (BG/NBD ${bg.converged ? 'converged' : 'did not'}; Gamma-Gamma ${gg ? (gg.converged ? 'converged' : 'did not') : fitted ? `q = ${fitted.q.toPrecision(3)} <= 1, no finite mean spend` : 'too few repeat customers'}): its figures are unreliable`,
    );
  }
  await tx.query(sql`
    INSERT INTO marts.clv_models (as_of, customers, repeat_customers, period_days, horizon_days,
      annual_discount_rate, bgnbd_r, bgnbd_alpha, bgnbd_a, bgnbd_b, bgnbd_log_likelihood,
      gg_p, gg_q, gg_gamma, gg_log_likelihood, converged)
    VALUES (${asOf}, ${n}, ${repeat.length}, ${c.periodDays}, ${c.horizonDays}, ${c.annualDiscountRate},
      ${bg.r}, ${bg.alpha}, ${bg.a}, ${bg.b}, ${bg.logLikelihood},
      ${gg?.p ?? null}, ${gg?.q ?? null}, ${gg?.gamma ?? null}, ${gg?.logLikelihood ?? null}, ${converged})`);
  return {
    customers: n,
    repeatCustomers: repeat.length,
    bgnbd: { r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, logLikelihood: bg.logLikelihood },
    gammaGamma: gg ? { p: gg.p, q: gg.q, gamma: gg.gamma, logLikelihood: gg.logLikelihood } : null,
    converged,
  };
}
