import {
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDoubleVector,
  DuckDBVarCharVector,
  VARCHAR,
  type DuckDBAppender,
} from '@duckdb/node-api';
import type { LogicalType } from '../column-types.ts';
import { quoteIdent } from '../sql.ts';
import { duckdbDialect } from './dialect.ts';

// Rows reach DuckDB through a temporary staging table and one INSERT ... SELECT that casts them.
// What costs is the driver, not DuckDB: every string written into a vector is a call into the
// binding (~0.2 µs), and building typed values (decimals, timestamps) one by one in Node was five
// times slower than letting DuckDB's vectorised casts parse text. So each batch is planned first:
// - a column with one value in every row (the source, the file, the load time) is bound once as a
//   parameter instead of written per row;
// - whole numbers, doubles and timestamps (as epoch milliseconds) travel in DOUBLE vectors, which
//   are copied as one typed array per chunk;
// - the remaining text of a row is joined into one string (fields split by \x1f, NULL as \x1e) and
//   split again in SQL: one binding call per row instead of one per field (bench:
//   warehouse-load-duckdb, ingest-pos). A batch whose text holds \x1f (or a value that is \x1e)
//   sends each text column on its own.
const CHUNK_ROWS = 2048;
const SEP = '\x1f';
const NULL_MARK = '\x1e';

/** Where one column's values come from in the INSERT ... SELECT. */
type Source =
  | { readonly kind: 'constant'; readonly text: string | null }
  | { readonly kind: 'number'; readonly slot: number }
  | { readonly kind: 'epochMs'; readonly slot: number }
  | { readonly kind: 'text'; readonly slot: number };

/** How one batch travels: a source per column, and the staging table's shape. */
export interface BatchPlan {
  readonly sources: readonly Source[];
  /** Columns (by index) sent as text, in slot order. */
  readonly text: readonly number[];
  /** Columns (by index) sent as DOUBLE, in slot order. */
  readonly numbers: readonly number[];
  /** Text columns joined into one string per row (when there is more than one; see joinText). */
  readonly joined: boolean;
}

/** The text DuckDB's cast turns back into the value, for one logical type. */
export function toDuckText(v: unknown, type: LogicalType): string | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'timestamptz':
      return v instanceof Date
        ? v.toISOString()
        : typeof v === 'number'
          ? new Date(v).toISOString()
          : String(v);
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

/** Decides how each column of a batch travels (see the comment at the top). */
export function planBatch(types: readonly LogicalType[], rows: readonly (readonly unknown[])[]): BatchPlan {
  const sources: Source[] = [];
  const text: number[] = [];
  const numbers: number[] = [];
  for (let c = 0; c < types.length; c++) {
    const type = types[c]!;
    const first = rows[0]?.[c] ?? null;
    if (isConstant(rows, c, first)) {
      sources.push({ kind: 'constant', text: toDuckText(first, type) });
    } else if (
      ((type === 'integer' || type === 'bigint') && allNumbers(rows, c, true)) ||
      (type === 'double' && allNumbers(rows, c, false))
    ) {
      sources.push({ kind: 'number', slot: numbers.length });
      numbers.push(c);
    } else if (type === 'timestamptz' && allDates(rows, c)) {
      sources.push({ kind: 'epochMs', slot: numbers.length });
      numbers.push(c);
    } else {
      sources.push({ kind: 'text', slot: text.length });
      text.push(c);
    }
  }
  return { sources, text, numbers, joined: text.length > 1 };
}

function isConstant(rows: readonly (readonly unknown[])[], c: number, first: unknown): boolean {
  if (first instanceof Date) {
    const time = first.getTime();
    for (let r = 1; r < rows.length; r++) {
      const v = rows[r]![c];
      if (v !== first && !(v instanceof Date && v.getTime() === time)) return false;
    }
    return true;
  }
  for (let r = 1; r < rows.length; r++) {
    const v = rows[r]![c] ?? null;
    if (v !== first) return false;
  }
  return true;
}

function allNumbers(rows: readonly (readonly unknown[])[], c: number, integers: boolean): boolean {
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r]![c];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || (integers && !Number.isSafeInteger(v))) return false;
  }
  return true;
}

function allDates(rows: readonly (readonly unknown[])[], c: number): boolean {
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r]![c];
    if (v === null || v === undefined) continue;
    if (!(v instanceof Date) || !Number.isFinite(v.getTime())) return false;
  }
  return true;
}

/** Column definitions of the staging table a plan fills; empty when every column is constant. */
export function stageColumns(plan: BatchPlan): string[] {
  const text = plan.joined ? ['t VARCHAR'] : plan.text.map((_, i) => `t${i} VARCHAR`);
  return [...text, ...plan.numbers.map((_, i) => `n${i} DOUBLE`)];
}

/**
 * The INSERT ... SELECT that moves a staged batch into the table, with the constants as parameters.
 * With no staging columns the constants are selected `rows` times.
 */
export function insertSql(
  table: string,
  columns: readonly { name: string; type: LogicalType }[],
  plan: BatchPlan,
  stage: string,
  rows: number,
): { text: string; params: string[] } {
  const params: string[] = [];
  const exprs = columns.map((col, i) => {
    const source = plan.sources[i]!;
    const type = duckdbDialect.columnType(col.type);
    switch (source.kind) {
      case 'constant':
        if (source.text === null) return `CAST(NULL AS ${type})`;
        params.push(source.text);
        return `CAST($${params.length} AS ${type})`;
      case 'number':
        return `CAST(n${source.slot} AS ${type})`;
      case 'epochMs':
        return `epoch_ms(CAST(n${source.slot} AS BIGINT)) AT TIME ZONE 'UTC'`;
      case 'text':
        return plan.joined
          ? `CAST(nullif(p[${source.slot + 1}], '${NULL_MARK}') AS ${type})`
          : `CAST(t${source.slot} AS ${type})`;
    }
  });
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  const staged = stageColumns(plan);
  const from = !staged.length
    ? `range(${rows})`
    : plan.joined
      ? `(SELECT string_split(t, '${SEP}') AS p, * FROM ${stage})`
      : stage;
  return { text: `INSERT INTO ${table} (${cols}) SELECT ${exprs.join(', ')} FROM ${from}`, params };
}

/**
 * The text columns of each row joined into one string (fields split by SEP, NULL as NULL_MARK),
 * or null when a value would be read back wrong that way (it holds SEP, or is NULL_MARK itself).
 */
export function joinText(
  types: readonly LogicalType[],
  plan: BatchPlan,
  rows: readonly (readonly unknown[])[],
): string[] | null {
  const lines = new Array<string>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    let line = '';
    for (let k = 0; k < plan.text.length; k++) {
      const c = plan.text[k]!;
      let text = toDuckText(row[c], types[c]!);
      if (text === null) text = NULL_MARK;
      else if (text === NULL_MARK || text.includes(SEP)) return null;
      line = k === 0 ? text : `${line}${SEP}${text}`;
    }
    // Concatenation builds a rope, which the binding reads far slower than a flat string;
    // reading one character flattens it first.
    line.charCodeAt(0);
    lines[r] = line;
  }
  return lines;
}

/** Appends a planned batch to its staging table in data chunks; returns how many rows. */
export function appendBatch(
  appender: DuckDBAppender,
  types: readonly LogicalType[],
  plan: BatchPlan,
  rows: readonly (readonly unknown[])[],
  lines: readonly string[] | null,
): number {
  const textVectors = plan.joined ? 1 : plan.text.length;
  const chunkTypes = [
    ...Array.from({ length: textVectors }, () => VARCHAR),
    ...plan.numbers.map(() => DOUBLE),
  ];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows.length - start);
    const chunk = DuckDBDataChunk.create(chunkTypes, n);
    if (plan.joined) {
      if (!lines) throw new TypeError('a joined plan needs its joined lines');
      const vector = varchars(chunk, 0);
      for (let i = 0; i < n; i++) vector.setItem(i, lines[start + i]!);
      vector.flush();
    } else {
      for (let k = 0; k < plan.text.length; k++) {
        const c = plan.text[k]!;
        const type = types[c]!;
        const vector = varchars(chunk, k);
        for (let i = 0; i < n; i++) vector.setItem(i, toDuckText(rows[start + i]![c], type));
        vector.flush();
      }
    }
    for (let k = 0; k < plan.numbers.length; k++) {
      const c = plan.numbers[k]!;
      const vector = chunk.getColumnVector(textVectors + k);
      if (!(vector instanceof DuckDBDoubleVector)) throw new TypeError('staging vector is not DOUBLE');
      const epoch = plan.sources[c]!.kind === 'epochMs';
      for (let i = 0; i < n; i++) {
        const v = rows[start + i]![c];
        vector.setItem(
          i,
          v === null || v === undefined ? null : epoch ? (v as Date).getTime() : (v as number),
        );
      }
      vector.flush();
    }
    appender.appendDataChunk(chunk);
  }
  return rows.length;
}

function varchars(chunk: DuckDBDataChunk, index: number): DuckDBVarCharVector {
  const vector = chunk.getColumnVector(index);
  if (!(vector instanceof DuckDBVarCharVector)) throw new TypeError('staging vector is not VARCHAR');
  return vector;
}
