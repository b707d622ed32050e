/** A file cannot be read at all (wrong encoding, truncated gzip, broken CSV quoting); nothing of it loads. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    readonly file: string,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read ${file}: ${detail}; nothing of it was loaded`, options);
  }
}

/** An ingest was asked for something that does not exist (unknown connector, no files). */
export class IngestInputError extends Error {
  override readonly name = 'IngestInputError';
}
