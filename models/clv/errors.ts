/** Input the CLV models cannot use: a bad row, parameter or option. The message says how to fix it. */
export class ClvInputError extends Error {
  override readonly name = 'ClvInputError';
  constructor(
    message: string,
    /** The offending row (customer index), when one is to blame. */
    readonly row?: number,
  ) {
    super(message);
  }
}

/** A computation that cannot be carried out to full precision, e.g. a series that does not converge. */
export class ClvNumericError extends Error {
  override readonly name = 'ClvNumericError';
  constructor(message: string) {
    super(message);
  }
}
