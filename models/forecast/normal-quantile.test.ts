import { describe, expect, it } from 'vitest';
import { intervalMultiplier, normalQuantile } from './index.ts';

describe('normal quantile', () => {
  it("matches R's qnorm", () => {
    const r: [number, number][] = [
      [0.5, 0],
      [0.6, 0.25334710313579978],
      [0.8, 0.84162123357291441],
      [0.9, 1.2815515655446008],
      [0.975, 1.9599639845400536],
      [0.995, 2.5758293035488999],
      [0.9995, 3.2905267314919255],
    ];
    for (const [p, z] of r) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(3e-14);
  });

  it('turns a central coverage into its multiplier and refuses levels given in percent', () => {
    expect(intervalMultiplier(0.95)).toBeCloseTo(1.959963984540054, 13);
    expect(() => intervalMultiplier(80)).toThrow(/fraction in \(0, 0.999\]/);
  });
});
