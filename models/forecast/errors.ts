/** Input the forecasting functions cannot use: a bad series value, horizon or option. The message says how to fix it. */
export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  constructor(
    message: string,
    /** The offending position in the series, when one is to blame. */
    readonly index?: number,
  ) {
    super(message);
  }
}
