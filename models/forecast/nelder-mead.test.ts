import { describe, expect, it } from 'vitest';
import { nelderMead } from './index.ts';

const rosenbrock = (x: Float64Array): number => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;

describe('Nelder-Mead', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], {
      tolerance: 1e-14,
      xTolerance: 1e-9,
      maxEvaluations: 5000,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('treats NaN as +Infinity, so an infeasible region repels the simplex', () => {
    const f = (x: Float64Array): number => (x[0]! < 0 ? NaN : (x[0]! - 0.5) ** 2);
    const result = nelderMead(f, [2], { tolerance: 1e-14, xTolerance: 1e-9 });
    expect(result.x[0]).toBeCloseTo(0.5, 6);
  });

  it('is deterministic and stops at maxEvaluations', () => {
    const a = nelderMead(rosenbrock, [-1.2, 1]);
    const b = nelderMead(rosenbrock, [-1.2, 1]);
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(b.evaluations).toBe(a.evaluations);
    const capped = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 20 });
    expect(capped.converged).toBe(false);
    expect(capped.evaluations).toBeLessThanOrEqual(22);
  });
});
