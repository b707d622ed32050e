import { describe, expect, it } from 'vitest';
import { ClvNumericError, minimise, withNumericGradient, type Objective } from './index.ts';

const rosenbrock: Objective = (x, g) => {
  const [a, b] = [x[0]!, x[1]!];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('minimise (BFGS)', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1)', () => {
    const result = minimise(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(Math.abs(result.x[0]! - 1)).toBeLessThan(1e-8);
    expect(Math.abs(result.x[1]! - 1)).toBeLessThan(1e-8);
    expect(result.value).toBeLessThan(1e-16);
    expect(result.iterations).toBeLessThan(100);
  });

  it('finds it with central-difference gradients too', () => {
    const value = (x: Float64Array): number => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    const result = minimise(withNumericGradient(value), [-1.2, 1]);
    expect(Math.abs(result.x[0]! - 1)).toBeLessThan(1e-5);
    expect(Math.abs(result.x[1]! - 1)).toBeLessThan(1e-5);
  });

  it('solves an ill-conditioned 6-dimensional quadratic (condition number 1e6)', () => {
    const scales = [1, 10, 100, 1e3, 1e4, 1e6];
    const target = [3, -2, 1, 0.5, -0.25, 7];
    const quadratic: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - target[i]!;
        f += 0.5 * scales[i]! * d * d;
        g[i] = scales[i]! * d;
      }
      return f;
    };
    const result = minimise(quadratic, new Float64Array(6));
    expect(result.converged).toBe(true);
    result.x.forEach((v, i) => expect(Math.abs(v - target[i]!)).toBeLessThan(1e-6));
  });

  it('is deterministic', () => {
    const first = minimise(rosenbrock, [-1.2, 1]);
    const second = minimise(rosenbrock, [-1.2, 1]);
    expect(Array.from(second.x)).toEqual(Array.from(first.x));
    expect(second.evaluations).toBe(first.evaluations);
  });

  it('reports no convergence when stopped by maxIterations', () => {
    const result = minimise(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(false);
  });

  it('backs off from steps where the objective is not finite', () => {
    // 10x - ln x has its minimum at 0.1; the first step from 0.5 (unit length along -g) lands at -0.5.
    let nonFinite = 0;
    const barrier: Objective = (x, g) => {
      const v = x[0]!;
      g[0] = 10 - 1 / v;
      if (!(v > 0)) nonFinite++;
      return v > 0 ? 10 * v - Math.log(v) : NaN;
    };
    const result = minimise(barrier, [0.5]);
    expect(nonFinite).toBeGreaterThan(0);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(0.1, 10);
  });

  it('refuses a start where the objective is not finite', () => {
    expect(() => minimise(() => NaN, [1, 2])).toThrow(ClvNumericError);
    expect(() => minimise(() => NaN, [1, 2])).toThrowErrorMatchingInlineSnapshot(
      `[ClvNumericError: the objective is not finite at the starting point [1, 2]]`,
    );
  });
});
