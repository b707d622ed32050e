import { describe, expect, it } from 'vitest';
import { fitSes, forecastWith, type MethodResult } from './index.ts';
import { AIR_PASSENGERS } from './test-data.ts';

function ok(result: MethodResult): Extract<MethodResult, { ok: true }> {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

// Reference values from R 4.2 with forecast 8.20: thetaf(x, h, level = 80). Its ses() stops Nelder-Mead at
// a relative tolerance of 1e-8, so its alpha is a little off the exact least-squares alpha found here.
describe('Theta against forecast::thetaf', () => {
  it('reproduces thetaf(AirPassengers, h = 12): seasonally adjusted, SES with half-slope drift', () => {
    const r = [
      440.0781910816, 428.384280557, 489.7070986696, 475.7046276614, 479.6703886692, 545.3662721542,
      602.7520018224, 601.1007630915, 523.9514921587, 456.6271449128, 397.9537346656, 447.6449087429,
    ];
    for (const seasonal of ['test', 'always'] as const) {
      const f = ok(forecastWith('theta', AIR_PASSENGERS, 12, { seasonLength: 12, theta: { seasonal } }));
      expect(f.model).toBe('Theta (seasonally adjusted)');
      f.mean.forEach((v, k) => expect(Math.abs(v / r[k]! - 1)).toBeLessThan(1e-5));
      expect(f.parameters.alpha).toBeCloseTo(0.8377521, 3);
      expect(f.parameters.drift).toBeCloseTo(1.32307, 5);
      // thetaf's sigma2, SSE / (n - 2) of the SES fit: 115.6926.
      expect(f.sigma ** 2).toBeCloseTo(115.6926, 3);
    }
  });

  it('reproduces thetaf on a short non-seasonal series, intervals included', () => {
    const z = [10, 12, 11, 14, 13, 15, 17, 16, 18, 21, 19, 22];
    const f = ok(forecastWith('theta', z, 4, { seasonLength: 1 }));
    expect(f.model).toBe('Theta');
    const mean = [22.0924160706, 22.6098985881, 23.1273811055, 23.644863623];
    const lower = [19.3275494922, 19.0761999572, 18.9645017137, 18.9361372933];
    f.mean.forEach((v, k) => expect(v).toBeCloseTo(mean[k]!, 3));
    f.lower.forEach((v, k) => expect(v).toBeCloseTo(lower[k]!, 2));
    expect(f.parameters.drift).toBeCloseTo(0.5174825, 7);
  });

  it('fits SES at least as well as forecast::ses (alpha 0.7959, sigma2 4.654534 = SSE / 10)', () => {
    const fit = fitSes(Float64Array.from([10, 12, 11, 14, 13, 15, 17, 16, 18, 21, 19, 22]));
    expect(fit.alpha).toBeCloseTo(0.7959071, 3);
    expect(fit.sse).toBeLessThanOrEqual(4.654534 * 10 + 1e-5);
    // Least squares: nudging alpha either way does not lower the SSE (l0 is re-solved each time).
    for (const nudge of [-1e-3, 1e-3]) {
      const y = Float64Array.from([10, 12, 11, 14, 13, 15, 17, 16, 18, 21, 19, 22]);
      let best = Infinity;
      for (let l0 = 5; l0 < 15; l0 += 1e-3) {
        let level = l0;
        let sse = 0;
        for (const v of y) {
          sse += (v - level) ** 2;
          level += (fit.alpha + nudge) * (v - level);
        }
        best = Math.min(best, sse);
      }
      expect(best).toBeGreaterThanOrEqual(fit.sse - 1e-9);
    }
  });
});

describe('Theta properties', () => {
  it('extrapolates a straight line with half its slope', () => {
    const line = Array.from({ length: 40 }, (_, t) => 5 + 2 * t);
    const f = ok(forecastWith('theta', line, 6, { seasonLength: 1 }));
    expect(f.parameters.drift).toBeCloseTo(1, 12);
    for (let k = 1; k < 6; k++) expect(f.mean[k]! - f.mean[k - 1]!).toBeCloseTo(1, 12);
    // SES follows the line closely (alpha at its upper bound), so the first step is the last value + b.
    expect(f.mean[0]).toBeCloseTo(line[39]! + 1, 2);
  });

  it('forecasts a constant series as that constant with a zero-width interval', () => {
    const f = ok(forecastWith('theta', new Array(30).fill(7), 3, { seasonLength: 12 }));
    f.mean.forEach((v) => expect(v).toBeCloseTo(7, 10));
    f.upper.forEach((v, k) => expect(v - f.mean[k]!).toBeCloseTo(0, 10));
  });

  it('scales the seasonal interval by the seasonal index of the period forecast', () => {
    const f = ok(forecastWith('theta', AIR_PASSENGERS, 12, { seasonLength: 12 }));
    const width = (k: number): number => f.upper[k]! - f.lower[k]!;
    // July (index 1.23) is wider than November (index 0.80) although it is four months nearer.
    expect(width(6)).toBeGreaterThan(width(10));
  });

  it('runs without seasonal adjustment when told to, or when the series is shorter than two seasons', () => {
    expect(
      ok(forecastWith('theta', AIR_PASSENGERS, 3, { seasonLength: 12, theta: { seasonal: 'never' } })).model,
    ).toBe('Theta');
    expect(ok(forecastWith('theta', AIR_PASSENGERS.slice(0, 23), 3, { seasonLength: 12 })).model).toBe(
      'Theta',
    );
  });
});
