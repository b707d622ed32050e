import { describe, expect, it } from 'vitest';
import { etsForecast, etsSse, type EtsForm, type EtsInitialState, type EtsParameters } from './ets-model.ts';

const y = Float64Array.from([12, 15, 19, 14, 13, 17, 22, 16, 15, 19, 25, 18, 17, 21, 27, 20]);
const initial: EtsInitialState = { level: 14, trend: 0.5, season: Float64Array.from([-2, 1, 5, -1]) };
const multiplicativeInitial: EtsInitialState = {
  level: 14,
  trend: 0.5,
  season: Float64Array.from([0.85, 1.05, 1.3, 0.9]),
};
const p: EtsParameters = { alpha: 0.3, beta: 0.3 * 0.2, gamma: 0.15, phi: 0.9 };

/** Holt-Winters in component form (fpp3 8.3, damped), written independently of ets-model.ts. */
function componentSse(multiplicative: boolean): number {
  const start = multiplicative ? multiplicativeInitial : initial;
  const season = Array.from(start.season);
  const betaStar = p.beta / p.alpha;
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  y.forEach((value, t) => {
    const s = season[t % 4]!;
    const base = level + p.phi * trend;
    const forecast = multiplicative ? base * s : base + s;
    sse += (value - forecast) ** 2;
    const next = multiplicative
      ? p.alpha * (value / s) + (1 - p.alpha) * base
      : p.alpha * (value - s) + (1 - p.alpha) * base;
    trend = betaStar * (next - level) + (1 - betaStar) * p.phi * trend;
    season[t % 4] = multiplicative
      ? p.gamma * (value / base) + (1 - p.gamma) * s
      : p.gamma * (value - base) + (1 - p.gamma) * s;
    level = next;
  });
  return sse;
}

describe('ETS recursions', () => {
  it('match damped Holt-Winters in component form, additive and multiplicative seasons', () => {
    const add: EtsForm = { trend: 'damped', season: 'additive', m: 4 };
    const mul: EtsForm = { trend: 'damped', season: 'multiplicative', m: 4 };
    expect(Math.abs(etsSse(y, add, p, initial, new Float64Array(4)) / componentSse(false) - 1)).toBeLessThan(
      1e-12,
    );
    expect(
      Math.abs(etsSse(y, mul, p, multiplicativeInitial, new Float64Array(4)) / componentSse(true) - 1),
    ).toBeLessThan(1e-12);
  });
});

describe('ETS prediction intervals against the closed forms of fpp3 table 8.8', () => {
  const sigma = 2;
  const end = { level: 50, trend: 1 };
  const h = 11;
  const variance = (form: EtsForm, params: EtsParameters, season = new Float64Array(form.m)): Float64Array =>
    etsForecast(form, params, 16, end, season, h, sigma).se!.map((se) => se * se);

  it('ETS(A,A,N): σ²[1 + (h-1){α² + αβh + β²h(2h-1)/6}]', () => {
    const { alpha: a, beta: b } = p;
    variance({ trend: 'additive', season: 'none', m: 1 }, p).forEach((v, k) => {
      const steps = k + 1;
      expect(v).toBeCloseTo(
        sigma ** 2 * (1 + (steps - 1) * (a * a + a * b * steps + (b * b * steps * (2 * steps - 1)) / 6)),
        10,
      );
    });
  });

  it('ETS(A,Ad,N): the damped closed form', () => {
    const { alpha: a, beta: b, phi } = p;
    variance({ trend: 'damped', season: 'none', m: 1 }, p).forEach((v, k) => {
      const s = k + 1;
      const closed =
        1 +
        a * a * (s - 1) +
        ((b * phi * s) / (1 - phi) ** 2) * (2 * a * (1 - phi) + b * phi) -
        ((b * phi * (1 - phi ** s)) / ((1 - phi) ** 2 * (1 - phi * phi))) *
          (2 * a * (1 - phi * phi) + b * phi * (1 + 2 * phi - phi ** s));
      expect(v).toBeCloseTo(sigma ** 2 * closed, 10);
    });
  });

  it('ETS(A,A,A): σ²[1 + (h-1){α² + αβh + β²h(2h-1)/6} + γk{2α + γ + βm(k+1)}], k = ⌊(h-1)/m⌋', () => {
    const { alpha: a, beta: b, gamma: g } = p;
    const m = 4;
    variance({ trend: 'additive', season: 'additive', m }, p).forEach((v, index) => {
      const s = index + 1;
      const k = Math.floor((s - 1) / m);
      const closed =
        1 +
        (s - 1) * (a * a + a * b * s + (b * b * s * (2 * s - 1)) / 6) +
        g * k * (2 * a + g + b * m * (k + 1));
      expect(v).toBeCloseTo(sigma ** 2 * closed, 10);
    });
  });

  it('ETS(A,N,A): σ²[1 + α²(h-1) + γk(2α + γ)]', () => {
    const { alpha: a, gamma: g } = p;
    const params = { ...p, beta: 0 };
    variance({ trend: 'none', season: 'additive', m: 4 }, params).forEach((v, index) => {
      const s = index + 1;
      const k = Math.floor((s - 1) / 4);
      expect(v).toBeCloseTo(sigma ** 2 * (1 + a * a * (s - 1) + g * k * (2 * a + g)), 10);
    });
  });
});
