import { describe, expect, it } from 'vitest';
import { autocorrelations, isSeasonal, seasonalFigure } from './index.ts';
import { mulberry32, normalDraw } from './simulate.ts';
import { AIR_PASSENGERS } from './test-data.ts';

const air = Float64Array.from(AIR_PASSENGERS);

describe('classical decomposition', () => {
  it("reproduces R's decompose(AirPassengers)$figure, multiplicative and additive", () => {
    const multiplicative = [
      0.910230367372201, 0.883625320694376, 1.007366287603545, 0.975906012322847, 0.981378027495129,
      1.112775826679273, 1.226555542931201, 1.219910969445625, 1.060491932646818, 0.921757240410498,
      0.801178082413474, 0.898824389985011,
    ];
    const additive = [
      -24.748737373737388, -36.188131313131315, -2.241161616161615, -8.036616161616159, -4.506313131313127,
      35.402777777777786, 63.83080808080809, 62.823232323232325, 16.520202020202035, -20.642676767676765,
      -53.593434343434346, -28.619949494949509,
    ];
    seasonalFigure(air, 12, 'multiplicative')!.forEach((v, j) =>
      expect(v).toBeCloseTo(multiplicative[j]!, 13),
    );
    seasonalFigure(air, 12, 'additive')!.forEach((v, j) => expect(v).toBeCloseTo(additive[j]!, 11));
  });

  it('handles an odd season length with a plain centred average', () => {
    const y = Float64Array.from({ length: 21 }, (_, t) => 10 + [3, -1, -2][t % 3]!);
    expect(Array.from(seasonalFigure(y, 3, 'additive')!)).toEqual([3, -1, -2]);
  });

  it('has no multiplicative figure when the trend is not positive', () => {
    expect(seasonalFigure(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0]), 4, 'multiplicative')).toBeUndefined();
  });
});

describe('seasonality test (thetaf)', () => {
  it('finds the airline season and no season in white noise', () => {
    expect(isSeasonal(air, 12)).toBe(true);
    const random = mulberry32(3);
    expect(
      isSeasonal(
        Float64Array.from({ length: 120 }, () => normalDraw(random)),
        12,
      ),
    ).toBe(false);
  });

  it('needs more than two seasons and a non-constant series', () => {
    expect(isSeasonal(air.subarray(0, 24), 12)).toBe(false);
    expect(isSeasonal(new Float64Array(50).fill(3), 12)).toBe(false);
  });

  it("computes autocorrelations as R's acf", () => {
    // acf(c(1, 3, 2, 5, 4)): deviations -2, 0, -1, 2, 1 (Σ² = 10); lag 1 sums to 0, lag 2 to 2 - 1.
    const r = autocorrelations(Float64Array.from([1, 3, 2, 5, 4]), 2);
    expect(r[1]).toBe(0);
    expect(r[2]).toBeCloseTo(0.1, 15);
  });
});
