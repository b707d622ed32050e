/** One person going out: the action and the configured customer fields. */
export interface OutRecord {
  readonly action: 'add' | 'remove';
  readonly fields: Readonly<Record<string, string | null>>;
}

/** Where a destination's batches go: a file per sync, or a webhook call per batch. */
export interface Sink {
  /**
   * Delivers one batch and returns the customers the receiver refused, with its answer. Resending
   * the same sync and batch must be safe (same file name, same idempotency key). Throws
   * DestinationUnavailableError when the receiver stays down.
   */
  send(syncId: string, batch: number, records: readonly OutRecord[]): Promise<Map<string, string>>;
  /** Where the last sync went (a file path), for the report. */
  readonly written?: string[];
}
