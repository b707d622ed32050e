import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type RecordBatch,
  type Vector,
} from 'apache-arrow';
import type { ColumnDef, LogicalType } from './column-types.ts';
import type { QueryResult, Row } from './warehouse.ts';

// Arrow is the interchange format between engines and for `--format arrow`. Money travels as
// Float64 (exact to the cent for amounts below 2^53 / 100); json as its text.
function arrowType(type: LogicalType): DataType {
  switch (type) {
    case 'integer':
      return new Int32();
    case 'bigint':
      return new Int64();
    case 'double':
    case 'money':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'date':
      return new DateDay();
    case 'timestamptz':
      return new TimestampMillisecond('UTC');
    default:
      return new Utf8();
  }
}

function arrowValue(v: unknown, type: LogicalType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'bigint') return BigInt(v as number | bigint);
  if (type === 'date') return new Date(`${String(v)}T00:00:00Z`);
  if (type === 'json') return JSON.stringify(v);
  return v;
}

/** Builds an Arrow table from a query result, typed by the result's logical column types. */
export function resultToArrow(result: QueryResult<Row>): Table {
  const vectors: Record<string, Vector> = {};
  for (const c of result.columns) {
    const values = result.rows.map((r) => arrowValue(r[c.name], c.logical));
    vectors[c.name] = vectorFromArray(values, arrowType(c.logical));
  }
  return new Table(vectors);
}

/** Serialises an Arrow table as an IPC stream (what `cdp sql --format arrow` writes). */
export function arrowToIpcStream(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** Reads an Arrow IPC stream or file. */
export function arrowFromIpc(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/** Turns an Arrow record batch back into row arrays in the shared JS representation (for `load`). */
export function arrowRows(
  batch: RecordBatch,
  columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
): unknown[][] {
  const vectors = columns.map((c) => batch.getChild(c.name));
  const rows: unknown[][] = new Array<unknown[]>(batch.numRows);
  for (let r = 0; r < batch.numRows; r++) {
    rows[r] = columns.map((c, i) => fromArrow(vectors[i]?.get(r), c.type));
  }
  return rows;
}

function fromArrow(v: unknown, type: LogicalType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'timestamptz') return new Date(Number(v));
  if (type === 'date') return new Date(Number(v)).toISOString().slice(0, 10);
  return v;
}
