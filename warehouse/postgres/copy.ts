import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnDef, LogicalType } from '../column-types.ts';
import { quoteIdent, quoteTable } from '../sql.ts';
import { toEpochMicros, toScaledDecimal } from '../values.ts';
import { submitCopy, type RawPgClient } from './raw-client.ts';

/** Streams rows into a table with `COPY ... FROM STDIN` (text format); returns rows written. */
export async function copyRows(
  client: RawPgClient,
  table: string,
  columns: readonly Pick<ColumnDef, 'name' | 'type'>[],
  batches: AsyncIterable<readonly unknown[][]> | Iterable<readonly unknown[][]>,
): Promise<number> {
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  const sink = submitCopy(client, copyFrom(`COPY ${quoteTable(table)} (${cols}) FROM STDIN`));
  const types = columns.map((c) => c.type);
  let n = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of batches) {
      let chunk = '';
      for (const row of batch) chunk += encodeRow(row, types);
      n += batch.length;
      yield chunk;
    }
  }
  await pipeline(Readable.from(lines()), sink);
  if (!sink.writableFinished) await once(sink, 'finish');
  return n;
}

function encodeRow(row: readonly unknown[], types: readonly LogicalType[]): string {
  let line = '';
  for (let i = 0; i < types.length; i++) {
    if (i > 0) line += '\t';
    line += encodeValue(row[i], types[i]!);
  }
  return line + '\n';
}

// COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
function encodeValue(v: unknown, type: LogicalType): string {
  if (v === null || v === undefined) return '\\N';
  switch (type) {
    case 'timestamptz':
      return new Date(Number(toEpochMicros(v) / 1000n)).toISOString();
    case 'money': {
      const units = toScaledDecimal(v, 2);
      const abs = units < 0n ? -units : units;
      return `${units < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
    }
    case 'boolean':
      return v ? 't' : 'f';
    case 'date':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
    case 'json':
      return escapeText(typeof v === 'string' ? v : JSON.stringify(v));
    default:
      return escapeText(String(v));
  }
}

function escapeText(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : s;
}
