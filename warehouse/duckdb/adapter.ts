import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import type { ColumnDef } from '../column-types.ts';
import { WarehouseConnectionError, WarehouseQueryError, causeMessage } from '../errors.ts';
import { SerialQueue } from '../serial.ts';
import { sql, toPositional, quoteIdent, quoteTable, type SQLQuery } from '../sql.ts';
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
import { appendBatch, insertSql, joinText, planBatch, stageColumns } from './append.ts';
import { duckdbDialect } from './dialect.ts';
import { directPath, readFileLinesSql, readLinesSql, withLinesFile } from './lines.ts';
import { bindParams } from './params.ts';
import { loadFileLinesOneByOne } from '../file-lines.ts';
import { TRACE_SQL as TRACE, traceSql as trace } from '../trace.ts';

/** Opens (creating if needed) a DuckDB warehouse file, or `:memory:`. */
export async function openDuckDB(
  path: string,
  opts: { timezone: string; memoryLimit?: string },
): Promise<Warehouse> {
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (err) {
    throw new WarehouseConnectionError(lockAwareMessage(path, err), { cause: err });
  }
  const conn = await instance.connect();
  await conn.run(`SET TimeZone = '${opts.timezone.replaceAll("'", "''")}'`);
  // DuckDB takes 80% of RAM by default; a cap makes a large ingest spill to disk instead of
  // growing with the file (uncommitted data of one big file lives in the buffer pool).
  if (opts.memoryLimit) await conn.run(`SET memory_limit = '${opts.memoryLimit.replaceAll("'", "''")}'`);
  return new DuckDBWarehouse(path, instance, conn);
}

function lockAwareMessage(path: string, err: unknown): string {
  const msg = causeMessage(err);
  const pid = /PID (\d+)/.exec(msg)?.[1];
  if (/lock/i.test(msg)) {
    return `the DuckDB warehouse ${path} is in use by another process${pid ? ` (PID ${pid})` : ''}; wait for it to finish or stop it, then try again`;
  }
  return `cannot open the DuckDB warehouse ${path}: ${msg}`;
}

class DuckDBWarehouse implements Warehouse {
  readonly engine = 'duckdb' as const;
  readonly dialect = duckdbDialect;
  private readonly queue = new SerialQueue();
  private readonly ops: DuckDBOps;

  constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {
    this.ops = new DuckDBOps(conn);
  }

  query<R extends Row = Row>(query: SQLQuery): Promise<QueryResult<R>> {
    return this.queue.run(() => this.ops.query<R>(query));
  }

  exec(script: string): Promise<void> {
    return this.queue.run(() => this.ops.exec(script));
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
    return this.queue.run(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await fn(this.ops);
        const t0 = TRACE ? performance.now() : 0;
        await this.conn.run('COMMIT');
        if (TRACE) trace('COMMIT', t0);
        return result;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue.run(async () => {
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}

/** The statements themselves, run on the connection by whoever holds the queue. */
class DuckDBOps implements Queryable {
  private stageSeq = 0;
  constructor(private readonly conn: DuckDBConnection) {}

  async query<R extends Row = Row>(query: SQLQuery): Promise<QueryResult<R>> {
    const { text, values } = toPositional(query);
    let reader: DuckDBResultReader;
    try {
      const bound = bindParams(values);
      const t0 = TRACE ? performance.now() : 0;
      reader = await this.conn.runAndReadAll(text, bound.values, bound.types);
      if (TRACE) trace(text, t0);
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), text, { cause: err });
    }
    const names = reader.columnNames();
    const columns: ResultColumn[] = reader.columnTypes().map((t, i) => {
      const type = t.alias ?? t.toString();
      return { name: names[i] ?? `col${i}`, type, logical: duckdbDialect.logicalType(type) };
    });
    const rows = reader.getRowsJS().map((raw) => {
      const row: Row = {};
      columns.forEach((c, i) => (row[c.name] = normaliseValue(raw[i], c.logical)));
      return row as R;
    });
    return { rows, columns };
  }

  async exec(script: string): Promise<void> {
    try {
      const t0 = TRACE ? performance.now() : 0;
      await this.conn.run(script);
      if (TRACE) trace(script, t0);
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), script, { cause: err });
    }
  }

  // The appender writes whole rows of one table, so each batch lands in a temporary staging table
  // shaped by its plan (append.ts) and moves with one INSERT ... SELECT that casts it, letting
  // defaults fill the columns not given.
  async load(
    table: string,
    columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
    batches: AsyncIterable<readonly unknown[][]> | Iterable<readonly unknown[][]>,
  ): Promise<number> {
    const types = columns.map((c) => c.type);
    const target = quoteTable(table);
    let n = 0;
    for await (const batch of batches) {
      if (!batch.length) continue;
      let plan = planBatch(types, batch);
      const lines = plan.joined ? joinText(types, plan, batch) : null;
      if (plan.joined && !lines) plan = { ...plan, joined: false };
      const stage = `cdp_stage_${process.pid}_${++this.stageSeq}`;
      const staged = stageColumns(plan);
      if (staged.length) await this.exec(`CREATE TEMP TABLE ${stage} (${staged.join(', ')})`);
      try {
        if (staged.length) {
          const appender = await this.conn.createAppender(stage);
          try {
            appendBatch(appender, types, plan, batch, lines);
            appender.flushSync();
          } finally {
            appender.closeSync();
          }
        }
        const insert = insertSql(target, columns, plan, stage, batch.length);
        await this.run(insert.text, insert.params);
      } finally {
        if (staged.length) await this.conn.run(`DROP TABLE IF EXISTS ${stage}`).catch(() => undefined);
      }
      n += batch.length;
    }
    // Nothing to load still checks that the table and its columns exist, as the INSERT would.
    if (n === 0) {
      const nulls = columns.map((c) => `CAST(NULL AS ${duckdbDialect.columnType(c.type)})`).join(', ');
      await this.exec(
        `INSERT INTO ${target} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) SELECT ${nulls} WHERE false`,
      );
    }
    return n;
  }

  async loadLines(table: string, input: LinesInput): Promise<void> {
    await withLinesFile(input, (path) => this.exec(readLinesSql(table, path, input.crlf ?? false)));
  }

  async loadFileLines(table: string, files: readonly FileLines[]): Promise<void> {
    const crlf = files[0]?.input.crlf ?? false;
    // One scan of all the files: a reader statement a file costs ~5 ms, a second of 200 store exports.
    const paths = files.map((f) => ((f.input.crlf ?? false) === crlf ? directPath(f.input) : null));
    if (files.length > 1 && paths.every((p) => p !== null)) {
      const direct = files.map((f, i) => ({ fileNo: f.fileNo, path: paths[i]!, lines: f.lines }));
      await this.exec(readFileLinesSql(table, direct, crlf));
      const t = quoteIdent(table);
      const { rows } = await this.query<{ file_no: number; n: number; lo: number; hi: number }>(
        sql.__dangerous__rawValue(
          `SELECT file_no, count(*) AS n, min(line_no) AS lo, max(line_no) AS hi FROM ${t} GROUP BY file_no`,
        ),
      );
      const got = new Map(rows.map((r) => [Number(r.file_no), r]));
      const right = files.every((f) => {
        const r = got.get(f.fileNo);
        return r && Number(r.n) === f.lines && Number(r.lo) === 1 && Number(r.hi) === f.lines;
      });
      if (right && got.size === files.length) return;
      // Not as the scans found them (a reader that did not keep the order): file by file.
      await this.exec(`DROP TABLE ${t}`);
    }
    if (files.length === 1) {
      const { fileNo, input } = files[0]!;
      await withLinesFile(input, (path) => this.exec(readLinesSql(table, path, input.crlf ?? false, fileNo)));
      return;
    }
    await loadFileLinesOneByOne(this, table, files, 'INTEGER');
  }

  private async run(text: string, params: string[]): Promise<void> {
    try {
      const t0 = TRACE ? performance.now() : 0;
      await this.conn.run(text, params);
      if (TRACE) trace(text, t0);
    } catch (err) {
      throw new WarehouseQueryError(causeMessage(err), text, { cause: err });
    }
  }
}
