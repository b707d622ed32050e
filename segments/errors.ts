/** A segment definition that cannot be compiled: an unknown segment reference or a cycle. */
export class SegmentDefinitionError extends Error {
  override readonly name: string = 'SegmentDefinitionError';
  constructor(
    message: string,
    /** The segment whose definition is at fault. */
    readonly segment: string,
    /** The key path inside the definitions, e.g. ['vip', 'where', 'conditions', 1, 'name']. */
    readonly path: readonly (string | number)[],
  ) {
    super(message);
  }
}

/** Segments that reference each other in a loop; `cycle` lists them, first repeated last. */
export class SegmentCycleError extends SegmentDefinitionError {
  override readonly name = 'SegmentCycleError';
  constructor(readonly cycle: readonly string[]) {
    super(
      `segments reference each other in a cycle: ${cycle.join(' -> ')}; remove one of those segment conditions`,
      cycle[0]!,
      [cycle[0]!],
    );
  }
}

/** A JSON segment file that does not match the schema; `issues` name each key path. */
export class SegmentValidationError extends Error {
  override readonly name = 'SegmentValidationError';
  constructor(
    readonly source: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
  ) {
    super(
      `invalid segment definitions in ${source}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
    );
  }
}

/** A run for an as_of older than the segment's latest run: members are current state and only move forward. */
export class SegmentRunOrderError extends Error {
  override readonly name = 'SegmentRunOrderError';
  constructor(
    readonly segment: string,
    readonly asOf: string,
    readonly latestAsOf: string,
  ) {
    super(
      `segment "${segment}" was last materialised for ${latestAsOf}; cannot run it for the earlier ${asOf} (run for ${latestAsOf} or later)`,
    );
  }
}
