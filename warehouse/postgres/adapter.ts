import pgModule, { type ConnectionPool } from '@databases/pg';
import type { ColumnDef } from '../column-types.ts';
import { WarehouseConnectionError, WarehouseQueryError, causeMessage } from '../errors.ts';
import { sql, toPositional, type SQLQuery } from '../sql.ts';
import { normaliseValue } from '../values.ts';
import type {
  FileLines,
  LinesInput,
  Queryable,
  QueryResult,
  ResultColumn,
  Row,
  Warehouse,
} from '../warehouse.ts';
import { copyRows } from './copy.ts';
import { postgresDialect } from './dialect.ts';
import { copyLines, LinesInputFailure } from './lines.ts';
import { rawClient, type RawPgClient } from './raw-client.ts';
import { pgTypeName } from './type-names.ts';
import { loadFileLinesOneByOne } from '../file-lines.ts';
import { TRACE_SQL as TRACE, traceSql as trace } from '../trace.ts';

/** Connects to a Postgres warehouse and checks that it answers. */
export async function openPostgres(url: string, opts: { timezone: string }): Promise<Warehouse> {
  const location = redactUrl(url);
  const pool = pgModule.default({
    connectionString: url,
    bigIntMode: 'number',
    // numeric as number and date as its 'YYYY-MM-DD' text: the shared representation (values.ts).
    types: { 1700: (v: string) => Number(v), 1082: (v: string) => v },
    connectionTimeoutMilliseconds: 10_000,
    poolSize: 4,
    applicationName: 'cdp',
    onError: () => undefined,
  });
  const wh = new PostgresWarehouse(location, pool, opts.timezone);
  try {
    await wh.query(sql`select 1`);
  } catch (err) {
    await pool.dispose().catch(() => undefined);
    throw new WarehouseConnectionError(
      `cannot connect to the Postgres warehouse ${location}: ${causeMessage(err)}`,
      { cause: err, hint: 'check that the server is running and the URL, user and password are right' },
    );
  }
  return wh;
}

/** Hides the password of a postgres:// URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

class PostgresWarehouse implements Warehouse {
  readonly engine = 'postgres' as const;
  readonly dialect = postgresDialect;
  private readonly configured = new WeakSet<object>();

  constructor(
    readonly location: string,
    private readonly pool: ConnectionPool,
    private readonly timezone: string,
  ) {}

  query<R extends Row = Row>(query: SQLQuery): Promise<QueryResult<R>> {
    return this.pool.task((conn) => this.ops(conn).query<R>(query));
  }

  exec(script: string): Promise<void> {
    return this.pool.task((conn) => this.ops(conn).exec(script));
  }

  load(
    table: string,
    columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
    batches: AsyncIterable<readonly unknown[][]> | Iterable<readonly unknown[][]>,
  ): Promise<number> {
    return this.transaction((tx) => tx.load(table, columns, batches));
  }

  loadLines(table: string, input: LinesInput): Promise<void> {
    return this.transaction((tx) => tx.loadLines(table, input));
  }

  loadFileLines(table: string, files: readonly FileLines[]): Promise<void> {
    return this.transaction((tx) => tx.loadFileLines(table, files));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pool.tx((tx) => fn(this.ops(tx)));
  }

  async close(): Promise<void> {
    await this.pool.dispose();
  }

  private ops(queryable: unknown): PostgresOps {
    const client = rawClient(queryable);
    return new PostgresOps(client, async () => {
      if (this.configured.has(client)) return;
      // Sessions read timestamps in one configured zone on both engines, whatever the server's default.
      await client.query({ text: `SET TIME ZONE '${this.timezone.replaceAll("'", "''")}'` });
      this.configured.add(client);
    });
  }
}

class PostgresOps implements Queryable {
  constructor(
    private readonly client: RawPgClient,
    private readonly prepare: () => Promise<void>,
  ) {}

  async query<R extends Row = Row>(query: SQLQuery): Promise<QueryResult<R>> {
    const { text, values } = toPositional(query);
    await this.prepare();
    let res: Awaited<ReturnType<RawPgClient['query']>>;
    try {
      const t0 = TRACE ? performance.now() : 0;
      res = await this.client.query({ text, values: values.map(toPgParam), rowMode: 'array' });
      if (TRACE) trace(text, t0);
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), text, { cause: err });
    }
    const fields = res.fields ?? [];
    const columns: ResultColumn[] = fields.map((f) => {
      const type = pgTypeName(f.dataTypeID);
      return { name: f.name, type, logical: postgresDialect.logicalType(type) };
    });
    // node-postgres parses json and jsonb itself: parsing again would fail on a JSON string ('"a"').
    const logical = columns.map((c) => (c.logical === 'json' ? null : c.logical));
    const rows = (res.rows ?? []).map((raw) => {
      const row: Row = {};
      columns.forEach((c, i) => {
        const type = logical[i];
        row[c.name] = type ? normaliseValue(raw[i], type) : (raw[i] ?? null);
      });
      return row as R;
    });
    return { rows, columns };
  }

  async exec(script: string): Promise<void> {
    await this.prepare();
    try {
      const t0 = TRACE ? performance.now() : 0;
      await this.client.query({ text: script });
      if (TRACE) trace(script, t0);
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), script, { cause: err });
    }
  }

  async load(
    table: string,
    columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
    batches: AsyncIterable<readonly unknown[][]> | Iterable<readonly unknown[][]>,
  ): Promise<number> {
    await this.prepare();
    try {
      const t0 = TRACE ? performance.now() : 0;
      const n = await copyRows(this.client, table, columns, batches);
      if (TRACE) trace(`COPY ${table} (${n} rows)`, t0);
      return n;
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), `COPY ${table}`, { cause: err });
    }
  }

  async loadLines(table: string, input: LinesInput): Promise<void> {
    await this.prepare();
    try {
      const t0 = TRACE ? performance.now() : 0;
      await copyLines(this.client, table, input);
      if (TRACE) trace(`COPY ${table} (lines)`, t0);
    } catch (err) {
      if (err instanceof LinesInputFailure) throw err.cause;
      throw new WarehouseQueryError(causeMessage(err), `COPY ${table} (lines)`, { cause: err });
    }
  }
  async loadFileLines(table: string, files: readonly FileLines[]): Promise<void> {
    await loadFileLinesOneByOne(this, table, files, 'integer');
  }
}

// Plain objects and arrays travel as JSON text so that json/jsonb parameters work as on DuckDB.
function toPgParam(v: unknown): unknown {
  if (v === null || v === undefined || v instanceof Date || typeof v !== 'object') return v;
  return JSON.stringify(v);
}
