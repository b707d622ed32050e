import { hostname } from 'node:os';
import pgModule, { type Connection } from '@databases/pg';
import { WarehouseConnectionError, causeMessage } from '../errors.ts';
import type { Locker, LockHolder } from '../lock.ts';
import { sql } from '../sql.ts';
import { redactUrl } from './adapter.ts';

// Two-key advisory locks (namespace, hashtext(name)) live apart from the one-key migration lock
// (4_242_001); a hash collision between two names only makes one wait for the other.
const NAMESPACE = 4_242_002;
const APP_NAME = /^cdp pid=(\d+) host=(.*)$/;

/**
 * A session-level advisory lock on a connection of its own, outside the warehouse's pool: the
 * lock lives exactly as long as that connection, so it is released when the holder releases it,
 * exits, or is killed (the server sees the socket close). Waiters read the holder's pid and host
 * from its application_name and the time it took the lock from its last query's start.
 */
export async function pgSessionLocker(url: string, name: string): Promise<Locker> {
  const pool = pgModule.default({
    connectionString: url,
    bigIntMode: 'number',
    poolSize: 1,
    connectionTimeoutMilliseconds: 10_000,
    applicationName: `cdp pid=${process.pid} host=${hostname()}`.slice(0, 63),
    onError: () => undefined,
  });
  let finish = (): void => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let conn: Connection;
  try {
    conn = await new Promise<Connection>((resolve, reject) => {
      pool
        .task(async (c) => {
          resolve(c);
          await finished;
        })
        .catch(reject);
    });
  } catch (err) {
    await pool.dispose().catch(() => undefined);
    throw new WarehouseConnectionError(
      `cannot connect to the Postgres warehouse ${redactUrl(url)} to take lock "${name}": ${causeMessage(err)}`,
      { cause: err },
    );
  }
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    finish();
    closed ??= pool.dispose().catch(() => undefined);
    return closed;
  };
  return {
    async tryAcquire() {
      const [row] = (await conn.query(
        sql`SELECT pg_try_advisory_lock(${NAMESPACE}, hashtext(${name})) AS ok`,
      )) as { ok: boolean }[];
      if (row?.ok) return { lock: { name, release: close } };
      return { holder: await holderOf(conn, name) };
    },
    close,
  };
}

async function holderOf(conn: Connection, name: string): Promise<LockHolder> {
  const rows = (await conn.query(sql`
    SELECT a.application_name, a.query_start, host(a.client_addr) AS client
    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = ${NAMESPACE}::bigint::oid
      AND l.objid = (hashtext(${name})::bigint & 4294967295)::oid
      AND l.objsubid = 2
    LIMIT 1`)) as { application_name: string | null; query_start: Date | null; client: string | null }[];
  const row = rows[0];
  // Released between our try and this look: the next try will tell.
  if (!row) return { pid: null, host: null, since: null };
  const app = APP_NAME.exec(row.application_name ?? '');
  return {
    pid: app ? Number(app[1]) : null,
    host: app?.[2] ?? row.client,
    since: row.query_start,
  };
}
