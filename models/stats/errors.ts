/** Input the statistics cannot use: lengths that differ, a label that is not 0/1, a NaN score. */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  constructor(
    message: string,
    /** The offending position, when one is to blame. */
    readonly index?: number,
  ) {
    super(message);
  }
}
