import { describe, expect, it } from 'vitest';
import { bgNbdLikelihood } from './bg-nbd.ts';
import {
  bgNbdLogLikelihood,
  ClvInputError,
  conditionalExpectedPurchases,
  fitBgNbd,
  groupRfm,
  logGamma,
  type BgNbdParams,
} from './index.ts';
import { mulberry32, simulateBgNbd } from './simulate.ts';
import { CDNOW_MISSING, CDNOW_SKIP_NOTE, readCdnowSummary } from './test-data.ts';

if (CDNOW_MISSING) console.warn(CDNOW_SKIP_NOTE);

// Fader, Hardie and Lee (2005), table 1 / section 5, fitted on the CDNOW calibration summary (weeks).
const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };

describe.skipIf(CDNOW_MISSING)('BG/NBD on CDNOW (2,357 customers, weeks)', () => {
  const data = CDNOW_MISSING ? null : readCdnowSummary();
  const started = performance.now();
  const fit = data === null ? null : fitBgNbd(data);
  const milliseconds = performance.now() - started;

  it('reproduces the published r, alpha, a, b and log-likelihood within 0.5%', () => {
    console.info(
      `BG/NBD CDNOW fit: r=${fit!.r} alpha=${fit!.alpha} a=${fit!.a} b=${fit!.b} ` +
        `LL=${fit!.logLikelihood} in ${milliseconds.toFixed(1)} ms, ${fit!.iterations} iterations, ${fit!.groups} groups`,
    );
    expect(fit!.converged).toBe(true);
    expect(fit!.customers).toBe(2357);
    for (const key of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) {
      expect(Math.abs(fit![key] / PUBLISHED[key] - 1), key).toBeLessThan(0.005);
    }
    // Tighter than the acceptance criterion: the published LL is rounded to 0.1.
    expect(Math.abs(fit!.logLikelihood - PUBLISHED.logLikelihood)).toBeLessThan(0.05);
  });

  it('predicts 1.226 purchases in the next 39 weeks for x = 2, tx = 30.43, T = 38.86', () => {
    expect(Math.abs(conditionalExpectedPurchases(fit!, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThanOrEqual(
      0.001,
    );
  });

  it('converges to the same optimum from a distant start (relative 1e-10 on the log-likelihood)', () => {
    const other = fitBgNbd(data!, { initial: { r: 5, alpha: 0.5, a: 0.1, b: 20 } });
    expect(other.converged).toBe(true);
    expect(Math.abs(other.logLikelihood / fit!.logLikelihood - 1)).toBeLessThan(1e-10);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(other[key] / fit![key] - 1), key).toBeLessThan(1e-6);
    }
  });

  it('is at a stationary point of the public log-likelihood (central differences in log-parameters)', () => {
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    for (const key of keys) {
      const at = (factor: number): number =>
        bgNbdLogLikelihood({ ...fit!, [key]: fit![key] * factor }, data!);
      const h = 1e-4;
      const slope = (at(Math.exp(h)) - at(Math.exp(-h))) / (2 * h);
      expect(Math.abs(slope) / 2357, key).toBeLessThan(1e-6);
    }
  });

  it('gives the same fit from grouped rows with weights', () => {
    const grouped = groupRfm(data!);
    expect(grouped.x.length).toBe(fit!.groups);
    const refit = fitBgNbd(grouped);
    expect(refit.r).toBe(fit!.r);
    expect(refit.logLikelihood).toBeCloseTo(fit!.logLikelihood, 8);
  });
});

describe('BG/NBD log-likelihood', () => {
  const params: BgNbdParams = { r: 0.7, alpha: 3.2, a: 1.4, b: 2.1 };
  const data = {
    x: [0, 0, 1, 3, 12, 200],
    tx: [0, 0, 0.5, 20, 30, 499],
    T: [5, 0, 30, 31, 40, 500],
  };

  it('equals the paper formula (equation 6) evaluated directly', () => {
    const { r, alpha, a, b } = params;
    let expected = 0;
    data.x.forEach((x, i) => {
      const tx = data.tx[i]!;
      const T = data.T[i]!;
      // ln B(a, b+x) - ln B(a, b) = lnΓ(b+x) + lnΓ(a+b) - lnΓ(b) - lnΓ(a+b+x)
      const common =
        logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(b + x) + logGamma(a + b) - logGamma(b);
      const alive = Math.exp(common - logGamma(a + b + x) - (r + x) * Math.log(alpha + T));
      const dead =
        x > 0
          ? Math.exp(
              common - logGamma(a + b + x) + Math.log(a / (b + x - 1)) - (r + x) * Math.log(alpha + tx),
            )
          : 0;
      expected += Math.log(alive + dead);
    });
    expect(bgNbdLogLikelihood(params, data)).toBeCloseTo(expected, 9);
  });

  it('has the analytic gradient (central differences)', () => {
    const likelihood = bgNbdLikelihood(groupRfm(data));
    const values = Float64Array.of(params.r, params.alpha, params.a, params.b);
    const gradient = new Float64Array(4);
    likelihood(values, gradient);
    const scratch = new Float64Array(4);
    for (let k = 0; k < 4; k++) {
      const h = 1e-6 * values[k]!;
      const up = Float64Array.from(values);
      up[k] = values[k]! + h;
      const down = Float64Array.from(values);
      down[k] = values[k]! - h;
      const numeric = (likelihood(up, scratch) - likelihood(down, scratch)) / (2 * h);
      expect(Math.abs(gradient[k]! - numeric), `parameter ${k}`).toBeLessThan(
        1e-6 * Math.max(1, Math.abs(numeric)),
      );
    }
  });

  it('stays finite where the terms would overflow in linear space', () => {
    const ll = bgNbdLogLikelihood({ r: 50, alpha: 1e-3, a: 0.01, b: 1e4 }, { x: [2000], tx: [1], T: [1e5] });
    expect(Number.isFinite(ll)).toBe(true);
  });

  it('refuses bad rows and parameters with messages that say what is wrong', () => {
    expect(() =>
      bgNbdLogLikelihood(params, { x: [1.5], tx: [1], T: [2] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: row 0: x = 1.5; x counts repeat purchases, a whole number >= 0]`,
    );
    expect(() =>
      bgNbdLogLikelihood(params, { x: [1, 2], tx: [3, 1], T: [2, 2] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: row 0: tx = 3, T = 2; need 0 <= tx <= T (ages at the last purchase and at the end of calibration)]`,
    );
    expect(() => bgNbdLogLikelihood(params, { x: [0], tx: [1], T: [2] })).toThrow(/x = 0 but tx = 1/);
    expect(() => bgNbdLogLikelihood(params, { x: [0], tx: [0, 1], T: [2] })).toThrow(
      /tx has 2 rows but x has 1/,
    );
    expect(() =>
      bgNbdLogLikelihood({ ...params, a: 0 }, { x: [0], tx: [0], T: [2] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: BG/NBD parameter a = 0; every parameter must be finite and > 0]`,
    );
    try {
      fitBgNbd({ x: [0, 0, -1], tx: [0, 0, 0], T: [1, 1, 1] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ClvInputError);
      expect((error as ClvInputError).row).toBe(2);
    }
    expect(() => fitBgNbd({ x: [], tx: [], T: [] })).toThrow(/no customers to fit/);
  });
});

describe('fitBgNbd on simulated customers', () => {
  it('recovers the parameters of 20,000 customers within 10%', () => {
    const truth = { r: 0.6, alpha: 12, a: 0.7, b: 3 };
    const random = mulberry32(7);
    const data = simulateBgNbd(truth, 20_000, () => 1 + Math.floor(random() * 365), random);
    const fit = fitBgNbd(data);
    expect(fit.converged).toBe(true);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit[key] / truth[key] - 1), key).toBeLessThan(0.1);
    }
  });

  it('reports no convergence when the likelihood has no interior maximum (a single customer)', () => {
    const fit = fitBgNbd({ x: [3], tx: [5], T: [10] });
    expect(fit.converged).toBe(false);
  });

  it('applies the penalty, shrinking the parameters', () => {
    const random = mulberry32(8);
    const data = simulateBgNbd(
      { r: 0.6, alpha: 12, a: 0.7, b: 3 },
      5_000,
      () => 1 + Math.floor(random() * 365),
      random,
    );
    const free = fitBgNbd(data);
    const penalised = fitBgNbd(data, { penalty: 0.01 });
    expect(penalised.alpha).toBeLessThan(free.alpha);
    expect(penalised.logLikelihood).toBeLessThan(free.logLikelihood);
  });
});
