// The methods by name, in the order selection prefers them on a tie: simplest first.
import { etsMethod } from './ets.ts';
import type { MethodFunction, MethodName, MethodResult } from './forecast-result.ts';
import { movingAverageMethod } from './moving-average.ts';
import { naiveMethod, seasonalNaiveMethod } from './naive.ts';
import { resolveForecastOptions, type ForecastOptions } from './options.ts';
import { checkHorizon, toSeries } from './series.ts';
import { thetaMethod } from './theta.ts';
import { ForecastInputError } from './errors.ts';

/** Every method, simplest first: the tie-break order of selection. */
export const METHOD_NAMES: readonly MethodName[] = [
  'naive',
  'seasonal-naive',
  'moving-average',
  'theta',
  'ets',
];

export const METHODS: Readonly<Record<MethodName, MethodFunction>> = {
  naive: naiveMethod,
  'seasonal-naive': seasonalNaiveMethod,
  'moving-average': movingAverageMethod,
  theta: thetaMethod,
  ets: etsMethod,
};

/** Throws ForecastInputError unless every name is a method; returns them in preference order, once each. */
export function checkMethods(methods: readonly string[]): MethodName[] {
  for (const name of methods) {
    if (!(METHOD_NAMES as readonly string[]).includes(name)) {
      throw new ForecastInputError(`unknown forecast method '${name}': use ${METHOD_NAMES.join(', ')}`);
    }
  }
  return METHOD_NAMES.filter((name) => methods.includes(name));
}

/** Forecasts h periods after the series with one method; a MethodSkipped when it cannot run. */
export function forecastWith(
  method: MethodName,
  values: ArrayLike<number>,
  h: number,
  options: ForecastOptions,
): MethodResult {
  checkMethods([method]);
  checkHorizon(h);
  return METHODS[method](toSeries(values), h, resolveForecastOptions(options));
}
