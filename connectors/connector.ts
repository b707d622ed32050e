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
}

/** A connector: which files it reads and how they become canonical rows. */
export interface Connector {
  readonly name: string;
  readonly description: string;
  /** The kind of a file by its path relative to the ingested directory, or null to ignore it. */
  classify(relativePath: string): FileKind | null;
}
