import { describe, expect, it } from 'vitest';
import { etsForecast } from './ets-model.ts';
import { errorSums, fitEts, forecastWith, wape, type MethodResult } from './index.ts';
import { mulberry32, normalDraw } from './simulate.ts';
import { AIR_PASSENGERS } from './test-data.ts';

function ok(result: MethodResult): Extract<MethodResult, { ok: true }> {
  if (!result.ok) throw new Error(result.reason);
  return result;
}

/** Monthly series: level 200, trend 1.5 a month, additive season of amplitude 40, noise σ = 12. */
function seasonalSeries(random: () => number, n: number): Float64Array {
  const phase = 2 * Math.PI * random();
  return Float64Array.from(
    { length: n },
    (_, t) => 200 + 1.5 * t + 40 * Math.sin((2 * Math.PI * t) / 12 + phase) + 12 * normalDraw(random),
  );
}

describe('Holt-Winters / ETS', () => {
  it('beats seasonal naive on trend + season + noise (30 seeded series, 12 months ahead)', () => {
    const random = mulberry32(2024);
    const ets = errorSums([], []);
    const snaive = errorSums([], []);
    for (let i = 0; i < 30; i++) {
      const y = seasonalSeries(random, 72);
      const train = y.subarray(0, 60);
      const actual = y.subarray(60);
      const a = ok(forecastWith('ets', train, 12, { seasonLength: 12 }));
      const b = ok(forecastWith('seasonal-naive', train, 12, { seasonLength: 12 }));
      expect(a.model).toBe('ETS(A,Ad,A)');
      const e = errorSums(a.mean, actual);
      const s = errorSums(b.mean, actual);
      for (const key of ['absError', 'absActual'] as const) {
        ets[key] += e[key];
        snaive[key] += s[key];
      }
    }
    console.info(`ETS(A,Ad,A) WAPE ${wape(ets)!.toFixed(4)} vs seasonal naive ${wape(snaive)!.toFixed(4)}`);
    expect(wape(ets)!).toBeLessThan(0.75 * wape(snaive)!);
  });

  it('fits the least-squares optimum: no nearby parameters have a lower SSE', () => {
    const y = seasonalSeries(mulberry32(5), 60);
    const fit = fitEts(y, { trend: 'damped', season: 'additive', m: 12 });
    if (typeof fit === 'string') throw new Error(fit);
    const tight = fitEts(y, fit.form, { tolerance: 1e-12, xTolerance: 1e-8, maxEvaluations: 20000 });
    if (typeof tight === 'string') throw new Error(tight);
    expect(fit.sse / tight.sse - 1).toBeLessThan(1e-4);
    expect(fit.evaluations).toBeLessThan(600);
  });

  it('chooses the multiplicative season for the airline data by AICc', () => {
    const f = ok(
      forecastWith('ets', AIR_PASSENGERS, 12, { seasonLength: 12, ets: { trend: 'aicc', seasonal: 'aicc' } }),
    );
    expect(f.model).toMatch(/^ETS\(A,A?d?,M\)$/);
  });

  it('gives multiplicative-season intervals that match simulated paths (delta method)', () => {
    const form = { trend: 'damped', season: 'multiplicative', m: 12 } as const;
    const fit = fitEts(Float64Array.from(AIR_PASSENGERS), form);
    if (typeof fit === 'string') throw new Error(fit);
    const sigma = Math.sqrt(fit.sse / (AIR_PASSENGERS.length - fit.parameterCount));
    const h = 18;
    const { se } = etsForecast(form, fit.parameters, 144, fit.end, fit.season, h, sigma);
    // Simulate the model forward from the same state with N(0, σ²) errors.
    const random = mulberry32(11);
    const paths = 20000;
    const sum = new Float64Array(h);
    const sumSquares = new Float64Array(h);
    const { alpha, beta, gamma, phi } = fit.parameters;
    for (let path = 0; path < paths; path++) {
      let level = fit.end.level;
      let trend = fit.end.trend;
      const season = Float64Array.from(fit.season);
      for (let k = 0; k < h; k++) {
        const j = (144 + k) % 12;
        const base = level + phi * trend;
        const e = sigma * normalDraw(random);
        const value = base * season[j]! + e;
        sum[k] = sum[k]! + value;
        sumSquares[k] = sumSquares[k]! + value * value;
        level = base + (alpha * e) / season[j]!;
        trend = phi * trend + (beta * e) / season[j]!;
        season[j] = season[j]! + (gamma * e) / base;
      }
    }
    for (let k = 0; k < h; k++) {
      const mean = sum[k]! / paths;
      const sd = Math.sqrt(sumSquares[k]! / paths - mean * mean);
      expect(Math.abs(sd / se![k]! - 1), `h = ${k + 1}`).toBeLessThan(0.03);
    }
  });

  it('runs without the season on a series shorter than two seasons', () => {
    const f = ok(forecastWith('ets', AIR_PASSENGERS.slice(0, 20), 3, { seasonLength: 12 }));
    expect(f.model).toBe('ETS(A,Ad,N)');
  });

  it('reports what it needs when the series is too short or has values it cannot model', () => {
    expect(forecastWith('ets', [1, 2, 3, 4, 5], 3, { seasonLength: 12 })).toEqual({
      ok: false,
      method: 'ets',
      reason: 'ETS(A,Ad,N) needs at least 10 values, the series has 5',
    });
    const zeros = AIR_PASSENGERS.map((v, t) => (t === 30 ? 0 : v));
    const result = forecastWith('ets', zeros, 3, { seasonLength: 12, ets: { seasonal: 'multiplicative' } });
    expect(!result.ok && result.reason).toBe(
      'ETS(A,Ad,M) needs positive values (value 30 is 0): use additive seasonality',
    );
  });

  it('is deterministic to the bit, from a number[] or a Float64Array copy', () => {
    const first = ok(forecastWith('ets', AIR_PASSENGERS, 12, { seasonLength: 12 }));
    const second = ok(forecastWith('ets', Float64Array.from(AIR_PASSENGERS), 12, { seasonLength: 12 }));
    expect(Array.from(second.mean)).toEqual(Array.from(first.mean));
    expect(Array.from(second.upper)).toEqual(Array.from(first.upper));
    expect(second.parameters).toEqual(first.parameters);
  });

  it('keeps the parameters in the usual region: 1e-4 <= β <= α <= 0.9999, γ <= 1 - α, 0.8 <= φ <= 0.98', () => {
    for (const season of ['additive', 'multiplicative'] as const) {
      const fit = fitEts(Float64Array.from(AIR_PASSENGERS), { trend: 'damped', season, m: 12 });
      if (typeof fit === 'string') throw new Error(fit);
      const { alpha, beta, gamma, phi } = fit.parameters;
      expect(alpha).toBeLessThanOrEqual(0.9999);
      expect(beta).toBeGreaterThanOrEqual(1e-4);
      expect(beta).toBeLessThanOrEqual(alpha);
      expect(gamma).toBeGreaterThanOrEqual(1e-4 - 1e-15);
      expect(gamma).toBeLessThanOrEqual(1 - alpha + 1e-15);
      expect(phi).toBeGreaterThanOrEqual(0.8);
      expect(phi).toBeLessThanOrEqual(0.98);
    }
  });
});
