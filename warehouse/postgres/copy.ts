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
  // Rows are joined a few hundred at a time: one string per batch built with += is a rope of a
  // million pieces, which Buffer.from flattens slowly and the GC chases (bench: ingest-pos).
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of batches) {
      // A new encoder per batch: the caller may change an object between batches.
      const encode = rowEncoder(types);
      for (let start = 0; start < batch.length; start += COPY_ROWS) {
        const end = Math.min(batch.length, start + COPY_ROWS);
        const rows = new Array<string>(end - start);
        for (let i = start; i < end; i++) rows[i - start] = encode(batch[i]!);
        yield rows.join('');
      }
      n += batch.length;
    }
  }
  await pipeline(Readable.from(lines()), sink);
  if (!sink.writableFinished) await once(sink, 'finish');
  return n;
}

const COPY_ROWS = 512;

// Encodes rows as COPY lines. A column often repeats its value (the source, the file, the load
// time in every row), so each column remembers its last value and that value's text.
function rowEncoder(types: readonly LogicalType[]): (row: readonly unknown[]) => string {
  const last: unknown[] = types.map(() => undefined);
  const lastText: string[] = types.map(() => '');
  return (row) => {
    let line = '';
    for (let i = 0; i < types.length; i++) {
      const v = row[i];
      let text: string;
      if (v === last[i] && v !== undefined) text = lastText[i]!;
      else {
        text = encodeValue(v, types[i]!);
        last[i] = v;
        lastText[i] = text;
      }
      line += i > 0 ? `\t${text}` : text;
    }
    return `${line}\n`;
  };
}

// COPY text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
function encodeValue(v: unknown, type: LogicalType): string {
  if (v === null || v === undefined) return '\\N';
  switch (type) {
    case 'timestamptz':
      return v instanceof Date && Number.isFinite(v.getTime())
        ? v.toISOString()
        : new Date(Number(toEpochMicros(v) / 1000n)).toISOString();
    case 'money': {
      // Already two decimals ('12.50', as connectors write money): the text COPY would get anyway.
      if (typeof v === 'string' && CANONICAL_MONEY.test(v)) return v;
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
      return typeof v === 'number' ? String(v) : escapeText(String(v));
  }
}

const CANONICAL_MONEY = /^-?(?:0|[1-9]\d*)\.\d\d$/;

function escapeText(s: string): string {
  return /[\\\t\n\r]/.test(s)
    ? s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : s;
}
