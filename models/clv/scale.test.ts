// Scale: 200,000 simulated customers with ages in whole days, fitted end to end. The timing is printed,
// not asserted (shared CI runners vary); measured figures are in CONTEXT.md.
import { describe, expect, it } from 'vitest';
import { fitBgNbd, fitGammaGamma } from './index.ts';
import { mulberry32, simulateBgNbd, simulateSpend } from './simulate.ts';

describe('200,000 simulated customers over two years, in days', () => {
  const truth = { r: 0.25, alpha: 30, a: 0.8, b: 2.5 };
  const random = mulberry32(2024);
  const data = simulateBgNbd(truth, 200_000, () => 1 + Math.floor(random() * 730), random);

  it('recovers the BG/NBD parameters within 5%', () => {
    const started = performance.now();
    const fit = fitBgNbd(data);
    const milliseconds = performance.now() - started;
    console.info(
      `BG/NBD 200k fit: ${milliseconds.toFixed(0)} ms, ${fit.groups} distinct rows, ${fit.iterations} iterations, ` +
        `${fit.evaluations} evaluations; r=${fit.r} alpha=${fit.alpha} a=${fit.a} b=${fit.b}`,
    );
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(200_000);
    expect(fit.groups).toBeLessThan(100_000);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit[key] / truth[key] - 1), key).toBeLessThan(0.05);
    }
  });

  it('recovers the Gamma-Gamma parameters of the repeat buyers within 5%', () => {
    const spend = { p: 6, q: 4, gamma: 15 };
    const started = performance.now();
    const fit = fitGammaGamma({ x: data.x, mbar: simulateSpend(spend, data.x, mulberry32(2025)) });
    console.info(
      `Gamma-Gamma fit on ${fit.customers} repeat buyers: ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(fit.converged).toBe(true);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit[key] / spend[key] - 1), key).toBeLessThan(0.05);
    }
  });
});
