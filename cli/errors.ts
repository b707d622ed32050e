import { IngestInputError, UnreadableFileError } from '../connectors/index.ts';
import {
  ConfigError,
  CronExpressionError,
  DateRangeError,
  IdentityDecisionError,
  JobGraphError,
  JobLockedError,
  SegmentCycleError,
  SegmentDefinitionError,
  SegmentRunOrderError,
  SegmentValidationError,
  TruthFileError,
} from '../pipelines/index.ts';
import {
  WarehouseConnectionError,
  WarehouseError,
  WarehouseQueryError,
  WarehouseTargetError,
} from '../warehouse/index.ts';

/** A usage error found by a command itself (bad option combination, missing argument). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A command that ran but must end with a given exit code (some jobs failed, a signal stopped it). */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2, config: 3, warehouse: 4 } as const;

/**
 * The one place where errors become what the user reads: one line (plus a hint) and an exit
 * code. Stacks only with --verbose.
 */
export function describeError(err: unknown, verbose: boolean): { text: string; code: number } {
  const stack = verbose && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof CommandFailed) return { text: `cdp: ${err.message}${stack}`, code: err.exitCode };
  if (err instanceof JobGraphError || err instanceof CronExpressionError)
    return { text: `cdp: ${err.message}${stack}`, code: EXIT.config };
  if (
    err instanceof SegmentValidationError ||
    err instanceof SegmentDefinitionError ||
    err instanceof SegmentCycleError
  )
    return { text: `cdp: ${err.message}${stack}`, code: EXIT.config };
  if (err instanceof SegmentRunOrderError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.usage };
  if (err instanceof JobLockedError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.warehouse };
  if (err instanceof DateRangeError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.usage };
  if (err instanceof UsageError || err instanceof IngestInputError)
    return { text: `cdp: ${err.message}${stack}`, code: EXIT.usage };
  if (err instanceof IdentityDecisionError || err instanceof TruthFileError)
    return { text: `cdp: ${err.message}${stack}`, code: EXIT.usage };
  if (err instanceof UnreadableFileError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.failure };
  if (err instanceof ConfigError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.config };
  if (err instanceof WarehouseTargetError) return { text: `cdp: ${err.message}${stack}`, code: EXIT.config };
  if (err instanceof WarehouseQueryError) {
    const where = verbose ? `\n--- SQL ---\n${err.sqlText}` : '';
    return { text: `cdp: SQL error: ${err.message}${where}${stack}`, code: EXIT.failure };
  }
  if (err instanceof WarehouseConnectionError || err instanceof WarehouseError) {
    const hint = err.hint ? `\n  hint: ${err.hint}` : '';
    return { text: `cdp: ${err.message}${hint}${stack}`, code: EXIT.warehouse };
  }
  const message = err instanceof Error ? err.message : String(err);
  return {
    text: `cdp: ${message}${stack || '\n  (run with --verbose for the stack trace)'}`,
    code: EXIT.failure,
  };
}
