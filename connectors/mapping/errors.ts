/** A mapping file is missing, is not JSON, or does not describe a valid mapping. */
export class MappingError extends Error {
  override readonly name = 'MappingError';
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
