import type { SQLQuery } from './sql.ts';
import type { ColumnDef } from './column-types.ts';
import type { Dialect } from './dialect.ts';

/** One result row: column name to value, in the JS representation documented in values.ts. */
export type Row = Record<string, unknown>;

/** A query's rows plus the engine-neutral logical shape of its columns. */
export interface QueryResult<R extends Row = Row> {
  readonly rows: R[];
  readonly columns: readonly ResultColumn[];
}

/** Name and type of a result column; `type` is the engine's own type name, `logical` ours. */
export interface ResultColumn {
  readonly name: string;
  readonly type: string;
  readonly logical: ColumnDef['type'];
}

/**
 * What `loadLines` reads: a UTF-8 file the engine may open itself, or text decoded by the caller;
 * `crlf` when every line ends with \r\n (and no other \r occurs).
 */
export type LinesInput = ({ readonly path: string } | { readonly text: AsyncIterable<string> }) & {
  readonly crlf?: boolean;
};

/** One file's lines for `loadFileLines`: its number, its text, and its count of lines. */
export interface FileLines {
  readonly fileNo: number;
  readonly input: LinesInput;
  /** Lines in the text, as a scan of it found them (the engine's count is checked against it). */
  readonly lines: number;
}

/** Statements that can run inside or outside a transaction. */
export interface Queryable {
  /** Runs one statement and returns its rows. */
  query<R extends Row = Row>(query: SQLQuery): Promise<QueryResult<R>>;
  /** Runs a script of statements without parameters (DDL, migrations). */
  exec(script: string): Promise<void>;
  /**
   * Appends rows to a table by the engine's fast path (DuckDB appender, Postgres COPY).
   * `columns` names the target columns and their logical types, in the order of each row array.
   * Returns the number of rows written.
   */
  load(
    table: string,
    columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
    batches: AsyncIterable<readonly unknown[][]> | Iterable<readonly unknown[][]>,
  ): Promise<number>;
  /**
   * Makes the temporary table `table (line_no BIGINT, line TEXT)` hold one row per line of a text,
   * numbered from 1 in order, by the engine's fastest path: on DuckDB its CSV reader of the file
   * (decoded text goes through a temporary file), on Postgres `COPY FROM STDIN`. Lines end at \n
   * (or \r\n with `crlf`), which they do not include; a UTF-8 BOM is dropped. The text must hold
   * no other \r, and no NUL or \x01 (callers check first).
   */
  loadLines(table: string, input: LinesInput): Promise<void>;
  /**
   * loadLines of several files into one temporary table `table (file_no INTEGER, line_no BIGINT,
   * line TEXT)`, each file's lines numbered from 1. On DuckDB, UTF-8 files it may open itself (with
   * one line break) are read by one scan of them all, each file's lines checked against its count;
   * other inputs, and Postgres, load file by file.
   */
  loadFileLines(table: string, files: readonly FileLines[]): Promise<void>;
}

/** A warehouse: DuckDB embedded or Postgres, behind one interface. */
export interface Warehouse extends Queryable {
  readonly engine: 'duckdb' | 'postgres';
  readonly dialect: Dialect;
  /** Where the data lives, safe to print (no password). */
  readonly location: string;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
