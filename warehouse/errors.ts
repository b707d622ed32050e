/** Base class of every error the warehouse layer raises on purpose; the CLI prints `message` only. */
export class WarehouseError extends Error {
  override readonly name: string = 'WarehouseError';
  readonly hint: string | undefined;
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options?.hint;
  }
}

/** The warehouse setting could not be understood (unknown scheme, empty value). */
export class WarehouseTargetError extends WarehouseError {
  override readonly name = 'WarehouseTargetError';
  constructor(
    readonly target: string,
    message: string,
  ) {
    super(message);
  }
}

/** The engine could not be reached or opened (server down, file locked, bad credentials). */
export class WarehouseConnectionError extends WarehouseError {
  override readonly name = 'WarehouseConnectionError';
}

/** A statement failed in the engine; carries the SQL so the CLI can show where. */
export class WarehouseQueryError extends WarehouseError {
  override readonly name = 'WarehouseQueryError';
  constructor(
    message: string,
    readonly sqlText: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A migration failed; nothing of it was applied because it ran in one transaction. */
export class MigrationError extends WarehouseError {
  override readonly name = 'MigrationError';
  constructor(
    readonly version: number,
    readonly migration: string,
    options: { cause: unknown },
  ) {
    super(
      `migration ${version} (${migration}) failed and was rolled back: ${causeMessage(options.cause)}`,
      options,
    );
  }
}

/** The message of an unknown thrown value. */
export function causeMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
