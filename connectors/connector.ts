import type { Dialect, LogicalType } from '../warehouse/index.ts';
import type { CsvOptions } from './files/read-csv.ts';
import type { ReasonCode } from './normalise/index.ts';

/** The canonical tables connectors write, by their name in the `core` schema. */
export type CanonicalTable =
  'source_records' | 'orders' | 'order_lines' | 'events' | 'accounts' | 'opportunities' | 'consents';

/** A column-name-to-value row for a canonical table; `record_no` ties it to the record it came from. */
export type CanonicalRow = Record<string, unknown> & { record_no: number };

/** One record as read from a file, before validation. */
export interface SourceRecord {
  /** 1-based position of the record in the file. */
  readonly recordNo: number;
  /** Line of the file where the record starts (1-based, header included). */
  readonly line: number;
  /** Byte offset of the record's start in the decoded file, where known. */
  readonly byteOffset: number | null;
  /** The record's text as read, for the quarantine. */
  readonly raw: string;
  /** Field name to value: CSV columns as strings, NDJSON objects as parsed. */
  readonly fields: Record<string, unknown>;
  /** Set when the record could not be parsed at all (e.g. a truncated JSON line). */
  readonly parseError?: string;
}

/** A record rejected by validation. */
export interface Rejection {
  readonly recordNo: number;
  readonly reason: ReasonCode | 'parse_error' | 'invalid_record';
  readonly message: string;
}

/** What mapping a group of records produced: canonical rows and rejections. */
export interface MapOutput {
  readonly rows: Partial<Record<CanonicalTable, CanonicalRow[]>>;
  readonly rejections: Rejection[];
}

/** Settings a mapping needs from the source's configuration. */
export interface MapContext {
  /** The source's name (e.g. 'pos'); written to every row's `source` column. */
  readonly source: string;
  /** IANA zone for timestamps written without an offset. */
  readonly timezone: string;
  /** Currency of amounts that carry none. */
  readonly currency: string;
  /** Path of the file, relative to where the ingest started. */
  readonly file: string;
}

/** One kind of file a connector reads (e.g. POS daily receipts vs. the POS member master). */
export interface FileKind {
  readonly kind: string;
  readonly format: 'csv' | 'ndjson' | 'parquet';
  /** CSV dialect: delimiter, header row or column names (default: comma, header row). */
  readonly csv?: CsvOptions;
  /** The table whose row stands for one record in the reconciliation. */
  readonly primary: CanonicalTable;
  /** raw.* table the records are kept in as ingested. */
  readonly rawTable: string;
  /** Encodings to try in order when the file has no BOM; the first that decodes cleanly wins. */
  readonly encodings?: readonly ('utf-8' | 'gbk')[];
  /** Consecutive records with the same group key are mapped together (e.g. lines of one receipt). */
  readonly groupKey?: (record: SourceRecord) => string;
  /** Maps a group of records (one unless groupKey is set). */
  map(records: readonly SourceRecord[], ctx: MapContext): MapOutput;
  /** The same mapping as SQL, for plain CSV files (load/pushdown.ts); `map` stays the reference. */
  readonly pushdown?: CsvPushdown;
}

/** How a pushed-down field is read: as the FieldReader getter of that name reads it. */
export type PushedRead = 'text' | 'phone' | 'timestamp' | 'number' | 'amount';

/** One field a pushed-down mapping reads. */
export interface PushedField {
  /** The CSV column it is read from. */
  readonly column: string;
  readonly read: PushedRead;
  /** A blank or malformed value sends the record's group to `map`. */
  readonly required?: boolean;
  /** Read on the first record of a group only (null on the others), as `map` reads it. */
  readonly head?: boolean;
  /** Applied to the value read (a label to its code); such a field is always normalised in Node. */
  readonly then?: (value: string | null) => string | null;
}

/**
 * A FileKind's mapping as SQL over a plain CSV file (no quotes, one record a line; see
 * files/csv-preflight.ts). The engine splits the lines and reads the fields: a value in a plain form
 * (digits, a canonical amount, printable ASCII text) in SQL, any other by the FieldReader getter in
 * Node, once per distinct value. A group that may fail a check of `map` (a required field blank or
 * malformed, or `suspect`) is mapped by `map` instead, so rejections and their messages are its own.
 */
export interface CsvPushdown {
  /** The fields `map` reads, by the name the SQL sees them under (`v_<name>` in `cdp_pd_ok`). */
  readonly fields: Readonly<Record<string, PushedField>>;
  /**
   * With `groupKey`: the columns whose raw values make the key it returns: two records have the same
   * key exactly when these columns' values are the same.
   */
  readonly groupColumns?: readonly string[];
  /** SQL true for a record of `cdp_pd_ok` that `map` may reject for more than a required field. */
  readonly suspect?: (x: PushdownSql) => string;
  /** The statements that turn `cdp_pd_ok` into canonical rows. */
  readonly steps: (x: PushdownSql) => readonly PushedStep[];
}

/** What pushed-down SQL may use: the engine's dialect and the mapping's settings. */
export interface PushdownSql {
  readonly dialect: Dialect;
  readonly ctx: MapContext;
  /** The engine's name of a logical column type. */
  type(type: LogicalType): string;
  /** Integer cents (a SQL expression) as a money value. */
  money(cents: string): string;
}

/** One statement of a pushed-down mapping. */
export type PushedStep =
  /** A temporary table later steps read (dropped after the file). */
  | { readonly temp: string; readonly select: string }
  /** Rows of a canonical table: `select` yields `columns` in order, then `record_no`. */
  | { readonly table: CanonicalTable; readonly columns: readonly string[]; readonly select: string };

/** A connector: which files it reads and how they become canonical rows. */
export interface Connector {
  readonly name: string;
  readonly description: string;
  /** The kind of a file by its path relative to the ingested directory, or null to ignore it. */
  classify(relativePath: string): FileKind | null;
}
