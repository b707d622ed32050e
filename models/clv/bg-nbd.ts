// BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy way"): purchases at Poisson
// rate λ ~ Gamma(r, α) while alive; after each repeat purchase the customer drops out with probability
// p ~ Beta(a, b). Fitted by maximum likelihood over log-parameters, so they stay positive.
import { ClvInputError } from './errors.ts';
import { isInterior, minimise } from './optimise.ts';
import { distinctValues, groupRfm, type GroupedRfm, type RfmData } from './rfm.ts';
import { digamma, logGamma } from './special.ts';

/** Fitted BG/NBD parameters; alpha is in the time unit of the data it was fitted on. */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface BgNbdFit extends BgNbdParams {
  /** Total log-likelihood of the data at the parameters (without any penalty). */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** Customers (sum of weights) and distinct (x, tx, T) rows the fit ran over. */
  readonly customers: number;
  readonly groups: number;
}

export interface BgNbdFitOptions {
  /** Starting point; default r = a = b = 1 and alpha = the mean T (alpha carries the time unit). */
  readonly initial?: Partial<BgNbdParams>;
  /** Adds penalty * (r² + alpha² + a² + b²) to the mean negative log-likelihood, as lifetimes' penalizer_coef. Default 0. */
  readonly penalty?: number;
  readonly maxIterations?: number;
}

/** Maximum-likelihood BG/NBD fit; identical (x, tx, T) rows are grouped first. */
export function fitBgNbd(data: RfmData, options: BgNbdFitOptions = {}): BgNbdFit {
  const grouped = groupRfm(data);
  if (!(grouped.total > 0))
    throw new ClvInputError('no customers to fit: give at least one row of weight > 0');
  const penalty = options.penalty ?? 0;
  let meanT = 0;
  for (let g = 0; g < grouped.T.length; g++) meanT += grouped.weight[g]! * grouped.T[g]!;
  meanT /= grouped.total;
  const start = {
    r: options.initial?.r ?? 1,
    alpha: options.initial?.alpha ?? (meanT > 0 ? meanT : 1),
    a: options.initial?.a ?? 1,
    b: options.initial?.b ?? 1,
  };
  checkBgNbdParams(start);

  const likelihood = bgNbdLikelihood(grouped);
  const params = new Float64Array(4);
  const gradient = new Float64Array(4);
  const result = minimise(
    (theta, grad) => {
      for (let k = 0; k < 4; k++) params[k] = Math.exp(theta[k]!);
      const ll = likelihood(params, gradient);
      // Mean over customers, so the tolerances mean the same for 2,000 customers as for 2 million.
      let value = -ll / grouped.total;
      for (let k = 0; k < 4; k++) {
        const p = params[k]!;
        grad[k] = (-gradient[k]! * p) / grouped.total + 2 * penalty * p * p;
        value += penalty * p * p;
      }
      return value;
    },
    [Math.log(start.r), Math.log(start.alpha), Math.log(start.a), Math.log(start.b)],
    { maxIterations: options.maxIterations ?? 1000 },
  );
  const [r, alpha, a, b] = Array.from(result.x, Math.exp) as [number, number, number, number];
  return {
    r,
    alpha,
    a,
    b,
    logLikelihood: likelihood(Float64Array.of(r, alpha, a, b), gradient),
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged && [r, alpha / start.alpha, a, b].every(isInterior),
    customers: grouped.total,
    groups: grouped.x.length,
  };
}

/** Total BG/NBD log-likelihood of the data at the given parameters. */
export function bgNbdLogLikelihood(params: BgNbdParams, data: RfmData): number {
  checkBgNbdParams(params);
  const values = Float64Array.of(params.r, params.alpha, params.a, params.b);
  return bgNbdLikelihood(groupRfm(data))(values, new Float64Array(4));
}

/** Throws ClvInputError unless r, alpha, a and b are finite and positive. */
export function checkBgNbdParams(params: BgNbdParams): void {
  for (const name of ['r', 'alpha', 'a', 'b'] as const) {
    const v = params[name];
    if (!(v > 0 && Number.isFinite(v))) {
      throw new ClvInputError(`BG/NBD parameter ${name} = ${v}; every parameter must be finite and > 0`);
    }
  }
}

/**
 * The log-likelihood over grouped rows as a function of (r, alpha, a, b), writing its gradient with
 * respect to them. Per customer (the paper's equation 6 in logs):
 *   ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
 *   + ln[ (α+T)^-(r+x) + [x > 0] a/(b+x-1) (α+tx)^-(r+x) ]
 * The x-only terms are computed once per distinct x; the bracket by log-sum-exp per row.
 */
export function bgNbdLikelihood(
  grouped: GroupedRfm,
): (params: Float64Array, gradient: Float64Array) => number {
  const { x, tx, T, weight } = grouped;
  const { values: xs, index } = distinctValues(x);
  const J = xs.length;
  const weightOfX = new Float64Array(J);
  for (let g = 0; g < x.length; g++) weightOfX[index[g]!] = weightOfX[index[g]!]! + weight[g]!;
  const logDropOut = new Float64Array(J); // ln a - ln(b+x-1), for x > 0
  const dLogDropOutDb = new Float64Array(J);

  return (params: Float64Array, gradient: Float64Array): number => {
    const r = params[0]!;
    const alpha = params[1]!;
    const a = params[2]!;
    const b = params[3]!;
    const logAlpha = Math.log(alpha);
    const logA = Math.log(a);
    const lgR = logGamma(r);
    const lgB = logGamma(b);
    const lgAB = logGamma(a + b);
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    let ll = 0;
    let gr = 0;
    let gAlpha = 0;
    let ga = 0;
    let gb = 0;
    for (let j = 0; j < J; j++) {
      const xj = xs[j]!;
      const w = weightOfX[j]!;
      ll +=
        w * (logGamma(r + xj) - lgR + r * logAlpha + lgAB + logGamma(b + xj) - lgB - logGamma(a + b + xj));
      const psiABX = digamma(a + b + xj);
      gr += w * (digamma(r + xj) - psiR + logAlpha);
      gAlpha += (w * r) / alpha;
      ga += w * (psiAB - psiABX);
      gb += w * (psiAB + digamma(b + xj) - psiB - psiABX);
      if (xj > 0) {
        logDropOut[j] = logA - Math.log(b + xj - 1);
        dLogDropOutDb[j] = -1 / (b + xj - 1);
      }
    }
    for (let g = 0; g < x.length; g++) {
      const w = weight[g]!;
      const xg = x[g]!;
      const rx = r + xg;
      const logAlphaT = Math.log(alpha + T[g]!);
      const aliveTerm = -rx * logAlphaT;
      if (xg === 0) {
        ll += w * aliveTerm;
        gr -= w * logAlphaT;
        gAlpha -= (w * rx) / (alpha + T[g]!);
        continue;
      }
      const j = index[g]!;
      const logAlphaTx = Math.log(alpha + tx[g]!);
      const deadTerm = logDropOut[j]! - rx * logAlphaTx;
      // Weights of the two terms in the log-sum-exp: P(alive) and P(dropped out after the last purchase).
      let pAlive: number;
      let pDead: number;
      if (aliveTerm >= deadTerm) {
        const e = Math.exp(deadTerm - aliveTerm);
        ll += w * (aliveTerm + Math.log1p(e));
        pAlive = 1 / (1 + e);
        pDead = e * pAlive;
      } else {
        const e = Math.exp(aliveTerm - deadTerm);
        ll += w * (deadTerm + Math.log1p(e));
        pDead = 1 / (1 + e);
        pAlive = e * pDead;
      }
      gr -= w * (pAlive * logAlphaT + pDead * logAlphaTx);
      gAlpha -= w * rx * (pAlive / (alpha + T[g]!) + pDead / (alpha + tx[g]!));
      ga += (w * pDead) / a;
      gb += w * pDead * dLogDropOutDb[j]!;
    }
    gradient[0] = gr;
    gradient[1] = gAlpha;
    gradient[2] = ga;
    gradient[3] = gb;
    return ll;
  };
}
