import type { Writable } from 'node:stream';

/** The part of node-postgres' Client that we use directly. */
export interface RawPgClient {
  query(config: { text: string; values?: unknown[]; rowMode?: 'array' }): Promise<{
    rows: unknown[][];
    fields: { name: string; dataTypeID: number }[];
  }>;
}

/** Starts a COPY stream (pg-copy-streams) on the client: node-postgres accepts it as a query. */
export function submitCopy<S extends Writable>(client: RawPgClient, stream: S): S {
  return (client as unknown as { query(s: S): S }).query(stream);
}

/**
 * The node-postgres client under an @databases/pg connection or transaction.
 * @databases/pg has no COPY API and does not return result column metadata; both need the
 * underlying client, which it keeps as `_driver.client` (a protected field, stable since v5).
 * Pinned in warehouse/CONTEXT.md; a test on the real server fails if it moves.
 */
export function rawClient(queryable: unknown): RawPgClient {
  const driver = (queryable as { _driver?: { client?: RawPgClient } })._driver;
  if (!driver?.client) {
    throw new Error('@databases/pg no longer exposes its driver client; see warehouse/CONTEXT.md');
  }
  return driver.client;
}
