// Gamma-Gamma spend model (Fader and Hardie 2013, "The Gamma-Gamma model of monetary value"): a
// customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, so the mean
// mbar of x values is Gamma(px, νx). Fitted on customers with x > 0 over log-parameters.
import { ClvInputError } from './errors.ts';
import { isInterior, minimise } from './optimise.ts';
import { distinctValues } from './rfm.ts';
import { digamma, logGamma } from './special.ts';

/** Fitted Gamma-Gamma parameters; gamma is in the currency of the data it was fitted on. */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** Total log-likelihood of the customers with x > 0 at the parameters (without any penalty). */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Customers (sum of weights) with x > 0 the fit ran over. */
  readonly customers: number;
}

/** x = repeat purchases and mbar = their mean value, per customer; rows with x = 0 are left out of the fit. */
export interface SpendData {
  readonly x: ArrayLike<number>;
  readonly mbar: ArrayLike<number>;
  readonly weight?: ArrayLike<number>;
}

export interface GammaGammaFitOptions {
  /** Starting point; default p = 1, q = 2, gamma = the mean mbar (gamma carries the currency). */
  readonly initial?: Partial<GammaGammaParams>;
  /** Adds penalty * (p² + q² + gamma²) to the mean negative log-likelihood, as lifetimes' penalizer_coef. Default 0. */
  readonly penalty?: number;
  readonly maxIterations?: number;
}

/** Maximum-likelihood Gamma-Gamma fit over the customers with x > 0. */
export function fitGammaGamma(data: SpendData, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const rows = repeatBuyers(data);
  if (!(rows.total > 0)) {
    throw new ClvInputError(
      'no customer with x > 0 to fit: the spend model learns from repeat purchases only',
    );
  }
  const penalty = options.penalty ?? 0;
  let meanSpend = 0;
  for (let i = 0; i < rows.mbar.length; i++) meanSpend += rows.weight[i]! * rows.mbar[i]!;
  meanSpend /= rows.total;
  const start = {
    p: options.initial?.p ?? 1,
    q: options.initial?.q ?? 2,
    gamma: options.initial?.gamma ?? meanSpend,
  };
  checkGammaGammaParams(start);

  const likelihood = gammaGammaLikelihood(rows);
  const params = new Float64Array(3);
  const gradient = new Float64Array(3);
  const result = minimise(
    (theta, grad) => {
      for (let k = 0; k < 3; k++) params[k] = Math.exp(theta[k]!);
      let value = -likelihood(params, gradient) / rows.total;
      for (let k = 0; k < 3; k++) {
        const v = params[k]!;
        grad[k] = (-gradient[k]! * v) / rows.total + 2 * penalty * v * v;
        value += penalty * v * v;
      }
      return value;
    },
    [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)],
    { maxIterations: options.maxIterations ?? 1000 },
  );
  const [p, q, gamma] = Array.from(result.x, Math.exp) as [number, number, number];
  return {
    p,
    q,
    gamma,
    logLikelihood: likelihood(Float64Array.of(p, q, gamma), gradient),
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged && [p, q, gamma / meanSpend].every(isInterior),
    customers: rows.total,
  };
}

/** Total Gamma-Gamma log-likelihood of the customers with x > 0 at the given parameters. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, data: SpendData): number {
  checkGammaGammaParams(params);
  return gammaGammaLikelihood(repeatBuyers(data))(
    Float64Array.of(params.p, params.q, params.gamma),
    new Float64Array(3),
  );
}

/**
 * E[M | x, mbar]: expected value of the customer's future transactions, a weighted mean of the population
 * mean pγ/(q-1) and the customer's own mbar: p(γ + x mbar) / (px + q - 1). For x = 0, the population mean.
 */
export function conditionalExpectedSpend(params: GammaGammaParams, x: number, mbar: number): number {
  checkGammaGammaParams(params);
  if (!(Number.isInteger(x) && x >= 0))
    throw new ClvInputError(`x = ${x}; x counts repeat purchases, a whole number >= 0`);
  if (!(mbar >= 0 && Number.isFinite(mbar)))
    throw new ClvInputError(`mbar = ${mbar}; give a finite mean spend >= 0`);
  const { p, q, gamma } = params;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new ClvInputError(
      `the expected spend is infinite for x = ${x} at q = ${q}, p = ${p} (needs px + q > 1; the population ` +
        `mean needs q > 1): refit with a penalty or on more repeat buyers`,
    );
  }
  return x === 0 ? (p * gamma) / denominator : (p * (gamma + x * mbar)) / denominator;
}

/** Throws ClvInputError unless p, q and gamma are finite and positive. */
export function checkGammaGammaParams(params: GammaGammaParams): void {
  for (const name of ['p', 'q', 'gamma'] as const) {
    const v = params[name];
    if (!(v > 0 && Number.isFinite(v))) {
      throw new ClvInputError(`Gamma-Gamma parameter ${name} = ${v}; every parameter must be finite and > 0`);
    }
  }
}

export interface RepeatBuyers {
  readonly x: Float64Array;
  readonly mbar: Float64Array;
  readonly weight: Float64Array;
  readonly total: number;
}

/** The rows with x > 0 and weight > 0, checked. */
export function repeatBuyers(data: SpendData): RepeatBuyers {
  const n = data.x.length;
  if (data.mbar.length !== n || (data.weight !== undefined && data.weight.length !== n)) {
    throw new ClvInputError(`x, mbar and weight have different lengths: give one value per customer`);
  }
  const x: number[] = [];
  const mbar: number[] = [];
  const weight: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const xi = data.x[i]!;
    const m = data.mbar[i]!;
    const w = data.weight?.[i] ?? 1;
    if (!(Number.isInteger(xi) && xi >= 0)) {
      throw new ClvInputError(`row ${i}: x = ${xi}; x counts repeat purchases, a whole number >= 0`, i);
    }
    if (!(w >= 0 && Number.isFinite(w))) {
      throw new ClvInputError(`row ${i}: weight = ${w}; a weight is a finite count >= 0`, i);
    }
    if (xi === 0 || w === 0) continue;
    if (!(m > 0 && Number.isFinite(m))) {
      throw new ClvInputError(
        `row ${i}: x = ${xi} but mbar = ${m}; the spend model needs a positive mean repeat value ` +
          `(leave zero-value purchases out of the summary)`,
        i,
      );
    }
    x.push(xi);
    mbar.push(m);
    weight.push(w);
    total += w;
  }
  return { x: Float64Array.from(x), mbar: Float64Array.from(mbar), weight: Float64Array.from(weight), total };
}

/**
 * Log-likelihood over repeat buyers as a function of (p, q, gamma), writing its gradient. Per customer:
 *   ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln mbar + px ln x - (px+q) ln(γ + x mbar)
 * The gamma functions depend on x only, so they are computed once per distinct x.
 */
export function gammaGammaLikelihood(
  rows: RepeatBuyers,
): (params: Float64Array, gradient: Float64Array) => number {
  const { values: xs, index } = distinctValues(rows.x);
  const J = xs.length;
  const weightOfX = new Float64Array(J);
  const logMbarOfX = new Float64Array(J); // Σ w ln mbar per distinct x
  for (let i = 0; i < rows.x.length; i++) {
    const j = index[i]!;
    weightOfX[j] = weightOfX[j]! + rows.weight[i]!;
    logMbarOfX[j] = logMbarOfX[j]! + rows.weight[i]! * Math.log(rows.mbar[i]!);
  }
  const logTotalOfX = new Float64Array(J); // Σ w ln(γ + x mbar)
  const inverseTotalOfX = new Float64Array(J); // Σ w / (γ + x mbar)

  return (params, gradient) => {
    const p = params[0]!;
    const q = params[1]!;
    const gamma = params[2]!;
    logTotalOfX.fill(0);
    inverseTotalOfX.fill(0);
    for (let i = 0; i < rows.x.length; i++) {
      const j = index[i]!;
      const w = rows.weight[i]!;
      const total = gamma + rows.x[i]! * rows.mbar[i]!;
      logTotalOfX[j] = logTotalOfX[j]! + w * Math.log(total);
      inverseTotalOfX[j] = inverseTotalOfX[j]! + w / total;
    }
    const logGammaQ = logGamma(q);
    const psiQ = digamma(q);
    const logGammaScale = Math.log(gamma);
    let ll = 0;
    let gp = 0;
    let gq = 0;
    let gGamma = 0;
    for (let j = 0; j < J; j++) {
      const x = xs[j]!;
      const w = weightOfX[j]!;
      const px = p * x;
      const logX = Math.log(x);
      ll +=
        w * (logGamma(px + q) - logGamma(px) - logGammaQ + q * logGammaScale + px * logX) +
        (px - 1) * logMbarOfX[j]! -
        (px + q) * logTotalOfX[j]!;
      const psiPxQ = digamma(px + q);
      gp += x * (w * (psiPxQ - digamma(px) + logX) + logMbarOfX[j]! - logTotalOfX[j]!);
      gq += w * (psiPxQ - psiQ + logGammaScale) - logTotalOfX[j]!;
      gGamma += (w * q) / gamma - (px + q) * inverseTotalOfX[j]!;
    }
    gradient[0] = gp;
    gradient[1] = gq;
    gradient[2] = gGamma;
    return ll;
  };
}
