// ETS with additive errors fitted by least squares (the likelihood's minimiser for additive errors) over
// the smoothing parameters, by Nelder-Mead. Initial states are estimated from the data (ets-model.ts)
// rather than optimised as the forecast package does: with m = 52 that would be 53 more parameters, and
// forecast::ets refuses seasons longer than 24 for that reason.
import {
  etsForecast,
  etsInitialState,
  etsLabel,
  etsParameterCount,
  etsSse,
  type EtsEndState,
  type EtsForm,
  type EtsParameters,
  type EtsSeasonForm,
  type EtsTrendForm,
} from './ets-model.ts';
import { withIntervals, type MethodResult } from './forecast-result.ts';
import { nelderMead, type NelderMeadOptions } from './nelder-mead.ts';
import type { ResolvedForecastOptions } from './options.ts';

// The forecast package's 'usual' region: 1e-4 < β < α < 0.9999, 1e-4 < γ < 1 - α, 0.8 <= φ <= 0.98.
const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;

export interface EtsFit {
  readonly form: EtsForm;
  readonly parameters: EtsParameters;
  readonly sse: number;
  /** Smoothing parameters plus estimated initial states: σ² = SSE / (n - parameterCount). */
  readonly parameterCount: number;
  readonly aicc: number;
  readonly end: EtsEndState;
  /** Seasonal states after the last value. */
  readonly season: Float64Array;
  readonly evaluations: number;
}

// Loose on purpose: tighter settings cost twice the evaluations for an SSE lower by about 5e-5 relative
// (measured on simulated weekly sales); the surface has local minima that neither escapes.
const SEARCH: NelderMeadOptions = { tolerance: 1e-6, xTolerance: 1 };

const logistic = (u: number): number => 1 / (1 + Math.exp(-u));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Maps the unconstrained search point into the admissible region, so the search needs no bounds. */
function decode(u: Float64Array, form: EtsForm): EtsParameters {
  const alpha = LOWER + (UPPER - LOWER) * logistic(u[0]!);
  let i = 1;
  const beta = form.trend === 'none' ? 0 : LOWER + (alpha - LOWER) * logistic(u[i++]!);
  const gamma = form.season === 'none' ? 0 : LOWER + (1 - alpha - LOWER) * logistic(u[i++]!);
  const phi = form.trend === 'damped' ? PHI_LOWER + (PHI_UPPER - PHI_LOWER) * logistic(u[i]!) : 1;
  return { alpha, beta, gamma, phi };
}

/** The forecast package's starting values (initparam), in the unconstrained coordinates. */
function start(form: EtsForm): Float64Array {
  const u = [logit(0.2 / form.m)];
  if (form.trend !== 'none') u.push(logit(0.1));
  if (form.season !== 'none') u.push(logit(0.05));
  if (form.trend === 'damped') u.push(logit(0.99));
  return Float64Array.from(u);
}

/** Values ETS needs for this form: n > parameters + 4 (forecast::ets), and two seasons to decompose. */
export function etsMinimumLength(form: EtsForm): number {
  return Math.max(etsParameterCount(form) + 5, form.season === 'none' ? 0 : 2 * form.m);
}

/** Fits one ETS form by least squares; a string says why it cannot be fitted to this series. */
export function fitEts(y: Float64Array, form: EtsForm, search: NelderMeadOptions = SEARCH): EtsFit | string {
  const n = y.length;
  const needed = etsMinimumLength(form);
  if (n < needed) return `${etsLabel(form)} needs at least ${needed} values, the series has ${n}`;
  if (form.season === 'multiplicative') {
    for (let t = 0; t < n; t++) {
      if (!(y[t]! > 0)) {
        return `${etsLabel(form)} needs positive values (value ${t} is ${y[t]}): use additive seasonality`;
      }
    }
  }
  const initial = etsInitialState(y, form);
  if (initial === undefined) return `${etsLabel(form)}: the seasonal decomposition has a trend <= 0`;
  const season = new Float64Array(form.m);
  const best = nelderMead((u) => etsSse(y, form, decode(u, form), initial, season), start(form), search);
  const parameters = decode(best.x, form);
  const end: EtsEndState = { level: 0, trend: 0 };
  const sse = etsSse(y, form, parameters, initial, season, end);
  if (!Number.isFinite(sse))
    return `${etsLabel(form)}: no parameters keep the multiplicative states positive`;
  const parameterCount = etsParameterCount(form);
  const k = parameterCount + 1;
  const aicc = n * Math.log(sse / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
  return { form, parameters, sse, parameterCount, aicc, end, season, evaluations: best.evaluations };
}

/** The forms an option asks for; a season needs m >= 2 and two seasons of data, else it is dropped. */
function candidateForms(n: number, options: ResolvedForecastOptions): EtsForm[] {
  const m = options.seasonLength;
  const trends: EtsTrendForm[] =
    options.etsTrend === 'aicc' ? ['none', 'additive', 'damped'] : [options.etsTrend];
  let seasons: EtsSeasonForm[] =
    options.etsSeasonal === 'aicc' ? ['none', 'additive', 'multiplicative'] : [options.etsSeasonal];
  if (m < 2 || n < 2 * m) seasons = ['none'];
  const forms: EtsForm[] = [];
  for (const season of seasons) {
    for (const trend of trends) forms.push({ trend, season, m: season === 'none' ? 1 : m });
  }
  return forms;
}

/**
 * Holt-Winters / ETS with additive errors. With 'aicc' options every candidate form is fitted and the lowest
 * AICc wins (ties to the simpler form); a seasonal form on a series shorter than two seasons runs without
 * the season (the model label says which form ran).
 */
export function etsMethod(y: Float64Array, h: number, options: ResolvedForecastOptions): MethodResult {
  const n = y.length;
  let best: EtsFit | undefined;
  const reasons: string[] = [];
  for (const form of candidateForms(n, options)) {
    const fit = fitEts(y, form);
    if (typeof fit === 'string') reasons.push(fit);
    else if (best === undefined || fit.aicc < best.aicc) best = fit;
  }
  if (best === undefined) return { ok: false, method: 'ets', reason: reasons.join('; ') };
  const sigma = Math.sqrt(best.sse / (n - best.parameterCount));
  const { mean, se } = etsForecast(
    best.form,
    best.parameters,
    n,
    best.end,
    best.season,
    h,
    options.intervals ? sigma : undefined,
  );
  if (!mean.every(Number.isFinite)) {
    return { ok: false, method: 'ets', reason: `${etsLabel(best.form)} gave a forecast that is not finite` };
  }
  const { alpha, beta, gamma, phi } = best.parameters;
  return {
    ok: true,
    method: 'ets',
    model: etsLabel(best.form),
    mean,
    ...withIntervals(mean, se, options),
    sigma,
    parameters: { alpha, beta, gamma, phi, sse: best.sse, aicc: best.aicc },
  };
}
