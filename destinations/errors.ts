/** Base of every destinations error: names the destination. */
export class DestinationError extends Error {
  readonly destination: string;
  constructor(message: string, destination: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.destination = destination;
  }
}

/** The destination's segment has not been materialised, or is older than the sync's as_of. */
export class SegmentNotReadyError extends DestinationError {
  readonly segment: string;
  readonly asOf: string;
  readonly segmentAsOf: string | null;
  constructor(destination: string, segment: string, asOf: string, segmentAsOf: string | null) {
    super(
      segmentAsOf === null
        ? `destination "${destination}": segment "${segment}" has not been materialised (run the segments job first)`
        : `destination "${destination}": segment "${segment}" was last materialised for ${segmentAsOf}, before ${asOf} (run the segments job for ${asOf} first)`,
      destination,
    );
    this.segment = segment;
    this.asOf = asOf;
    this.segmentAsOf = segmentAsOf;
  }
}

/** The destination's segment was removed from the configuration; the segments job took its members out. */
export class SegmentRemovedError extends DestinationError {
  readonly segment: string;
  readonly removedOn: string;
  constructor(destination: string, segment: string, removedOn: string) {
    super(
      `destination "${destination}": segment "${segment}" was removed from the configuration (segments run for ${removedOn}); point the destination at a defined segment or remove the destination`,
      destination,
    );
    this.segment = segment;
    this.removedOn = removedOn;
  }
}

/** The receiver stayed down through every retry; the batch and the rest of the sync go out next run. */
export class DestinationUnavailableError extends DestinationError {
  readonly syncId: string;
  readonly batch: number;
  constructor(destination: string, syncId: string, batch: number, reason: string, options?: ErrorOptions) {
    super(
      `destination "${destination}" is unavailable (sync ${syncId}, batch ${batch}): ${reason}; the unsent people are recorded as 'failed' and go out on the next sync`,
      destination,
      options,
    );
    this.syncId = syncId;
    this.batch = batch;
  }
}

/** A suppression list could not be read. */
export class SuppressionListError extends DestinationError {
  readonly list: string;
  constructor(destination: string, list: string, options?: ErrorOptions) {
    super(`destination "${destination}": cannot read suppression list ${list}`, destination, options);
    this.list = list;
  }
}
