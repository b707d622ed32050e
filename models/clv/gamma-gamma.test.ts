import { describe, expect, it } from 'vitest';
import { gammaGammaLikelihood, repeatBuyers } from './gamma-gamma.ts';
import {
  conditionalExpectedSpend,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  logGamma,
  type GammaGammaParams,
} from './index.ts';
import { mulberry32, simulateSpend } from './simulate.ts';
import { CDNOW_MISSING, readCdnowSummary } from './test-data.ts';

// Fader and Hardie (2013), fitted on the 946 CDNOW customers with x > 0, mbar = zbar.
const PUBLISHED = { p: 6.25, q: 3.74, gamma: 15.44 };

describe.skipIf(CDNOW_MISSING)('Gamma-Gamma on CDNOW (946 repeat buyers)', () => {
  const data = CDNOW_MISSING ? null : readCdnowSummary();
  const fit = data === null ? null : fitGammaGamma({ x: data.x, mbar: data.zbar });

  it('reproduces the published p, q, gamma within 0.5%, skipping x = 0 rows', () => {
    console.info(
      `Gamma-Gamma CDNOW fit: p=${fit!.p} q=${fit!.q} gamma=${fit!.gamma} LL=${fit!.logLikelihood}`,
    );
    expect(fit!.converged).toBe(true);
    expect(fit!.customers).toBe(946);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit![key] / PUBLISHED[key] - 1), key).toBeLessThan(0.005);
    }
  });

  it("matches lifetimes' conditional_expected_average_profit on the same data", () => {
    // lifetimes docs (Quickstart), fitted to p = 6.25, q = 3.74, v = 15.45: customers 1, 2, 3 and 6.
    for (const [x, mbar, expected] of [
      [2, 22.35, 24.658619],
      [1, 11.77, 18.911489],
      [0, 0, 35.170981],
      [7, 73.74, 71.462843],
    ] as const) {
      expect(Math.abs(conditionalExpectedSpend(fit!, x, mbar) / expected - 1)).toBeLessThan(1e-5);
    }
  });

  it('converges to the same optimum from a distant start', () => {
    const other = fitGammaGamma({ x: data!.x, mbar: data!.zbar }, { initial: { p: 0.5, q: 20, gamma: 1 } });
    expect(Math.abs(other.logLikelihood / fit!.logLikelihood - 1)).toBeLessThan(1e-10);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(other[key] / fit![key] - 1), key).toBeLessThan(1e-5);
    }
  });
});

describe('Gamma-Gamma log-likelihood', () => {
  const params: GammaGammaParams = { p: 4, q: 3, gamma: 12 };
  const data = { x: [0, 1, 2, 7, 40], mbar: [0, 11.77, 22.35, 73.74, 5.5] };

  it('equals the density of the mean of x Gamma(p, ν) values, ν ~ Gamma(q, γ), evaluated directly', () => {
    const { p, q, gamma } = params;
    let expected = 0;
    data.x.forEach((x, i) => {
      if (x === 0) return;
      const m = data.mbar[i]!;
      expected +=
        logGamma(p * x + q) -
        logGamma(p * x) -
        logGamma(q) +
        q * Math.log(gamma) +
        (p * x - 1) * Math.log(m) +
        p * x * Math.log(x) -
        (p * x + q) * Math.log(gamma + m * x);
    });
    expect(gammaGammaLogLikelihood(params, data)).toBeCloseTo(expected, 10);
  });

  it('has the analytic gradient (central differences)', () => {
    const likelihood = gammaGammaLikelihood(repeatBuyers(data));
    const values = Float64Array.of(params.p, params.q, params.gamma);
    const gradient = new Float64Array(3);
    likelihood(values, gradient);
    const scratch = new Float64Array(3);
    for (let k = 0; k < 3; k++) {
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

  it('refuses repeat buyers without a positive mean spend, and data without repeat buyers', () => {
    expect(() => fitGammaGamma({ x: [1, 2], mbar: [10, 0] })).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: row 1: x = 2 but mbar = 0; the spend model needs a positive mean repeat value (leave zero-value purchases out of the summary)]`,
    );
    expect(() => fitGammaGamma({ x: [0, 0], mbar: [0, 0] })).toThrow(/no customer with x > 0/);
    expect(() => fitGammaGamma({ x: [1], mbar: [1, 2] })).toThrow(/different lengths/);
  });
});

describe('conditionalExpectedSpend', () => {
  it('is the population mean pγ/(q-1) for x = 0 and tends to mbar as x grows', () => {
    expect(conditionalExpectedSpend({ p: 6, q: 4, gamma: 15 }, 0, 0)).toBeCloseTo(30, 12);
    expect(conditionalExpectedSpend({ p: 6, q: 4, gamma: 15 }, 0, 999)).toBeCloseTo(30, 12);
    expect(conditionalExpectedSpend({ p: 6, q: 4, gamma: 15 }, 1e6, 50)).toBeCloseTo(50, 3);
  });

  it('refuses parameters with an infinite mean', () => {
    expect(() =>
      conditionalExpectedSpend({ p: 6, q: 0.9, gamma: 15 }, 0, 0),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ClvInputError: the expected spend is infinite for x = 0 at q = 0.9, p = 6 (needs px + q > 1; the population mean needs q > 1): refit with a penalty or on more repeat buyers]`,
    );
    expect(conditionalExpectedSpend({ p: 6, q: 0.9, gamma: 15 }, 1, 10)).toBeGreaterThan(0);
  });
});

describe('fitGammaGamma on simulated customers', () => {
  it('reports no convergence when every customer spends the same (no interior maximum)', () => {
    expect(fitGammaGamma({ x: [1, 1, 1], mbar: [10, 10, 10] }).converged).toBe(false);
  });

  it('recovers p, q, gamma of 20,000 repeat buyers within 10%', () => {
    const random = mulberry32(21);
    const x = Float64Array.from({ length: 20_000 }, () => 1 + Math.floor(-Math.log(1 - random()) * 3));
    const truth = { p: 6, q: 4, gamma: 15 };
    const fit = fitGammaGamma({ x, mbar: simulateSpend(truth, x, random) });
    expect(fit.converged).toBe(true);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit[key] / truth[key] - 1), key).toBeLessThan(0.1);
    }
  });
});
