/** Stored or hand-built Fellegi-Sunter parameters are not JSON or do not fit their comparisons. */
export class FsParamsError extends Error {
  override readonly name = 'FsParamsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A comparison-vector matrix does not fit the comparisons: wrong length or a level out of range. */
export class GammaError extends Error {
  override readonly name = 'GammaError';
  constructor(
    message: string,
    /** The offending pair (row), when one is to blame. */
    readonly pair?: number,
    /** The offending comparison (column), when one is to blame. */
    readonly comparison?: string,
  ) {
    super(message);
  }
}
