import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { ColumnDef, LogicalType } from '../column-types.ts';
import { quoteIdent, quoteTable } from '../sql.ts';
import { toEpochMicros, toScaledDecimal } from '../values.ts';
import { CopyBuffer, escapeCopyText } from './copy-buffer.ts';
import { isoTimestamp } from './iso-timestamp.ts';
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
  // Rows are written straight into large buffers as UTF-8 (no string per row or per batch to
  // join, flatten and encode again), and each buffer goes to the socket whole (bench: ingest-pos).
  async function* chunks(): AsyncGenerator<Buffer> {
    const out = new CopyBuffer();
    for await (const batch of batches) {
      // New encoders per batch: they remember the last value by identity, and the caller may
      // change an object between batches.
      const encoders = types.map(columnEncoder);
      const last = encoders.length - 1;
      for (const row of batch) {
        for (let i = 0; i < last; i++) {
          encoders[i]!(out, row[i]);
          out.byte(TAB);
        }
        encoders[last]!(out, row[last]);
        out.byte(NEWLINE);
        if (out.ready.length) yield* out.take();
      }
      n += batch.length;
    }
    out.end();
    yield* out.take();
  }
  await pipeline(Readable.from(chunks()), sink);
  if (!sink.writableFinished) await once(sink, 'finish');
  return n;
}

const TAB = 9;
const NEWLINE = 10;

/** Writes one value of a column (COPY text format; \N is NULL). */
type Encoder = (out: CopyBuffer, v: unknown) => void;

// One encoder per column, chosen once by type. A column often repeats its value (the source, the
// file, the load time in every row; an order's time on each of its lines), so each remembers its
// last value and that value's text.
function columnEncoder(type: LogicalType): Encoder {
  switch (type) {
    case 'timestamptz': {
      // Keyed by the instant, not the object: an order's lines carry equal times in distinct Dates.
      let lastMs = NaN;
      let lastText = '';
      return (out, v) => {
        if (v === null || v === undefined) return out.ascii(NULL);
        const ms = v instanceof Date && Number.isFinite(v.getTime()) ? v.getTime() : epochMillis(v);
        if (ms !== lastMs) {
          lastMs = ms;
          lastText = isoTimestamp(ms);
        }
        out.ascii(lastText);
      };
    }
    case 'money':
      return cached((v) => {
        // Already two decimals ('12.50', as connectors write money): the text COPY would get anyway.
        if (typeof v === 'string' && isCanonicalMoney(v)) return v;
        const units = toScaledDecimal(v, 2);
        const abs = units < 0n ? -units : units;
        return `${units < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
      });
    case 'boolean':
      return (out, v) => out.ascii(v === null || v === undefined ? NULL : v ? 't' : 'f');
    case 'date':
      return cached((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10)));
    case 'json':
      return cached((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    default:
      return cached((v) => (typeof v === 'string' ? v : String(v)));
  }
}

const NULL = '\\N';

// An encoder of values through `text` (any string; escaped and written as UTF-8 by CopyBuffer),
// remembering the last value and its text; a long value that repeats (a file's checksum in every
// row) is kept as bytes.
function cached(toText: (v: unknown) => string): Encoder {
  let last: unknown = undefined;
  let lastText = '';
  let lastBytes: Buffer | null = null;
  return (out, v) => {
    if (v === null || v === undefined) return out.ascii(NULL);
    if (v !== last) {
      last = v;
      lastText = toText(v);
      lastBytes = null;
    } else if (lastText.length > KEEP_BYTES) {
      lastBytes ??= Buffer.from(escapeCopyText(lastText));
      return out.bytes(lastBytes);
    }
    out.text(lastText);
  };
}

const KEEP_BYTES = 24;

function epochMillis(v: unknown): number {
  return Number(toEpochMicros(v) / 1000n);
}

/** Whether a string is a decimal with exactly two places and no extra zeros: /^-?(0|[1-9]\d*)\.\d\d$/. */
export function isCanonicalMoney(s: string): boolean {
  const n = s.length;
  const start = s.charCodeAt(0) === MINUS ? 1 : 0;
  const point = n - 3;
  if (point <= start || s.charCodeAt(point) !== DOT) return false;
  if (s.charCodeAt(start) === ZERO && point !== start + 1) return false;
  for (let i = start; i < n; i++) {
    if (i === point) continue;
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
