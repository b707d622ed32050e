import { sql, sqlString, type Dialect, type LogicalType } from '../../warehouse/index.ts';
import type { MapContext, PushedField, PushedRead } from '../connector.ts';
import { FieldReader } from '../map/field-reader.ts';
import { BLANK_PLACEHOLDERS, fixedOffsetMs } from '../normalise/index.ts';
import type { BatchWriter } from './batch-writer.ts';

/** A pushed-down field and the column of the records table it is read from. */
export interface FieldColumn {
  readonly name: string;
  readonly field: PushedField;
  /** `c<i>` of the records table. */
  readonly column: string;
  readonly index: number;
}

// Distinct values travel to Node and back this many at a time.
const PAGE = 50_000;

// Plain forms SQL reads as FieldReader does: a digit or letter then printable ASCII (trim changes
// nothing, and it is blank only as one of the placeholders); the digits FieldReader.number reads
// with Number(); the canonical amounts FieldReader.amount passes through as they are.
const PLAIN_TEXT = '^[0-9A-Za-z][!-~]*$';
// The other plain forms, unanchored (a line's regex puts them together, see plainLineRegex).
const NUMBER_BODY = '[0-9]{1,15}';
const AMOUNT_BODY = '(?:0|[1-9][0-9]{0,15})[.][0-9]{2}';
const PLAIN_NUMBER = `^${NUMBER_BODY}$`;
const PLAIN_AMOUNT = `^${AMOUNT_BODY}$`;
const ASCII_PLACEHOLDERS = [...BLANK_PLACEHOLDERS].filter((p) => new RegExp(PLAIN_TEXT).test(p));

// 'YYYY-MM-DD HH:MM:SS' of a real day from 1900 on and a real time: what tills write, and what
// FieldReader.timestamp reads as that wall-clock time in the source's zone. Anything else (other
// forms, spaces around it, fractions, which it truncates to milliseconds) goes to Node. The day and
// time are checked here, not by a cast: Postgres has no TRY_CAST, and the engines cast values
// FieldReader rejects ('24:00:00' is the next day's midnight). Fixed width, so the text sorts as the
// time does.
const YEAR = '(?:19|[2-9][0-9])[0-9]{2}';
const LEAP_YEAR = '(?:(?:19|[2-9][0-9])(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00)';
const MONTH_DAY =
  '(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31';
const TIMESTAMP_BODY = `(?:${YEAR}-(?:${MONTH_DAY})|${LEAP_YEAR}-02-29) (?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]`;
const PLAIN_TIMESTAMP = `^${TIMESTAMP_BODY}$`;
const DAY_MS = 86_400_000;
// The longest span of a file's plain timestamps over which a fixed offset is looked for
// (fixedOffsetMs asks Intl 96 times a day, about 1 ms); a file spanning more has its timestamps read in Node.
const MAX_FIXED_OFFSET_SPAN_MS = 62 * DAY_MS;

const LOGICAL: Record<PushedRead, LogicalType> = {
  text: 'text',
  phone: 'text',
  timestamp: 'timestamptz',
  number: 'double',
  amount: 'money',
};

/** SQL true when a raw value is in the plain form of its field (read without Node), or null if none. */
export function plainForm(dialect: Dialect, field: PushedField, raw: string): string | null {
  if (field.then) return null;
  switch (field.read) {
    case 'text':
      return `(${dialect.regexpMatches(raw, PLAIN_TEXT)} AND lower(${raw}) NOT IN (${ASCII_PLACEHOLDERS.map(sqlString).join(', ')}))`;
    case 'number':
      return dialect.regexpMatches(raw, PLAIN_NUMBER);
    case 'amount':
      return dialect.regexpMatches(raw, PLAIN_AMOUNT);
    case 'timestamp':
      return dialect.regexpMatches(raw, PLAIN_TIMESTAMP);
    default:
      return null;
  }
}

/**
 * One regular expression over a whole line, true when the line splits at `delimiter` into `columns`
 * fields and each field of `fields` (its column `c<i>`) is in its plain form (plainForm). One pass
 * of the regex engine over the line then stands for a call per field, each ~0.1 µs a value on
 * DuckDB: 1.4 of the 2.7 CPU s of splitting a million POS lines went to those calls. Null when the
 * line's regex cannot say it: a delimiter other than one printable character or tab, or none of
 * `fields` left once those whose plain form could hold the delimiter are set aside (a field that
 * may hold it could match across two of the split's fields).
 */
export function plainLineRegex(
  fields: readonly FieldColumn[],
  columns: number,
  delimiter: string,
): { readonly regex: string; readonly fields: readonly FieldColumn[] } | null {
  if (delimiter.length !== 1) return null;
  const d = delimiter.charCodeAt(0);
  if (d !== 0x09 && (d < 0x20 || d > 0x7e)) return null;
  const printable = new Set([...Array(0x7f - 0x21).keys()].map((i) => i + 0x21).filter((c) => c !== d));
  const bodies = new Map<string, string>();
  for (const f of fields) {
    const body = f.field.then ? null : plainBody(f.field.read, printable, delimiter);
    // A column two fields read is left out: one regex cannot say which of them failed.
    bodies.set(f.column, body && !bodies.has(f.column) ? body : '');
  }
  const covered = fields.filter((f) => bodies.get(f.column));
  if (!covered.length) return null;
  const sep = hexClass([d]);
  const parts = [...Array(columns).keys()].map((i) => {
    const body = bodies.get(`c${i + 1}`);
    return body ? `(?:${body})` : `[^${sep}]*`;
  });
  return { regex: `^${parts.join(sep)}$`, fields: covered };
}

// A plain form's regex without anchors, or null if the form may hold the delimiter.
function plainBody(read: PushedRead, printable: ReadonlySet<number>, delimiter: string): string | null {
  const holds = (chars: string): boolean => chars.includes(delimiter);
  switch (read) {
    case 'text':
      return textNotPlaceholder(printable);
    case 'number':
      return holds('0123456789') ? null : NUMBER_BODY;
    case 'amount':
      return holds('0123456789.') ? null : AMOUNT_BODY;
    case 'timestamp':
      return holds('0123456789-: ') ? null : TIMESTAMP_BODY;
    default:
      return null;
  }
}

// A plain text value over `chars` (printable ASCII less the delimiter) that is not a placeholder,
// in any case: a regex of the placeholders' trie, since neither engine's regex has lookahead.
function textNotPlaceholder(chars: ReadonlySet<number>): string {
  interface Node {
    end: boolean;
    readonly next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const word of ASCII_PLACEHOLDERS) {
    let node = root;
    for (const ch of word.toLowerCase()) {
      if (!node.next.has(ch)) node.next.set(ch, { end: false, next: new Map() });
      node = node.next.get(ch)!;
    }
    node.end = true;
  }
  const first = new Set([...chars].filter((c) => /[0-9A-Za-z]/.test(String.fromCharCode(c))));
  const tail = `[${hexClass(chars)}]*`;
  const at = (node: Node, depth: number): string => {
    const allowed = depth === 0 ? first : chars;
    const alternatives: string[] = [];
    const taken = new Set<number>();
    for (const [ch, child] of node.next) {
      const codes = [...new Set([ch, ch.toUpperCase()])]
        .map((c) => c.charCodeAt(0))
        .filter((c) => allowed.has(c));
      codes.forEach((c) => taken.add(c));
      if (codes.length) alternatives.push(`[${hexClass(codes)}]${at(child, depth + 1)}`);
    }
    const others = [...allowed].filter((c) => !taken.has(c));
    if (others.length) alternatives.push(`[${hexClass(others)}]${tail}`);
    const body = `(?:${alternatives.join('|')})`;
    // Past the first character the value may end here, unless that spells a placeholder.
    return depth > 0 && !node.end ? `${body}?` : body;
  };
  return at(root, 0);
}

// Character codes (below 0x80) as ranges of \xHH escapes for a bracket expression, which RE2,
// Postgres and JavaScript read alike (Postgres reads every hex digit after \x: each escape here is
// followed by '-', '\', ']' or a character that is not one).
function hexClass(codes: Iterable<number>): string {
  const sorted = [...new Set(codes)].sort((a, b) => a - b);
  const hex = (c: number): string => `\\x${c.toString(16).padStart(2, '0')}`;
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(j > i ? `${hex(sorted[i]!)}-${hex(sorted[j]!)}` : hex(sorted[i]!));
    i = j + 1;
  }
  return out.join('');
}

/** How the values of each field are read: the lookups of those Node reads, the offsets of timestamps SQL reads. */
export interface FieldReads {
  /** Field name to its lookup table `(raw, v)`. */
  readonly lookups: ReadonlyMap<string, string>;
  /**
   * Field name to the UTC offset in seconds of a timestamp field whose plain values SQL reads: its
   * zone's, the same throughout the span of those values. A timestamp field without one has every
   * value read in Node.
   */
  readonly offsets: ReadonlyMap<string, number>;
}

/**
 * The SQL of a field's value in `cdp_pd_ok`: read in SQL when plain (flag `r.p<index>` of the
 * records table), else from its lookup `l<index>`.
 */
export function fieldValueSql(dialect: Dialect, f: FieldColumn, reads: FieldReads, grp: string): string {
  const raw = `r.${f.column}`;
  const type = dialect.columnType(LOGICAL[f.field.read]);
  const read =
    f.field.read !== 'timestamp'
      ? `CAST(${raw} AS ${type})`
      : reads.offsets.has(f.name)
        ? plainTimestampSql(raw, reads.offsets.get(f.name)!)
        : null;
  const plain = read && plainForm(dialect, f.field, raw) ? `r.p${f.index}` : null;
  const looked = reads.lookups.has(f.name) ? `l${f.index}.v` : `CAST(NULL AS ${type})`;
  const value = plain ? `CASE WHEN ${plain} THEN ${read} ELSE ${looked} END` : looked;
  return f.field.head ? `CASE WHEN r.record_no = ${grp} THEN ${value} END` : value;
}

/**
 * A plain timestamp as the instant it names at a fixed UTC offset, on both engines: epoch seconds of
 * the wall-clock time (a TIMESTAMP, read as UTC) less the offset, so the session's zone plays no part.
 */
export function plainTimestampSql(raw: string, offsetSeconds: number): string {
  return `to_timestamp(extract(epoch FROM CAST(${raw} AS TIMESTAMP)) - (${offsetSeconds}))`;
}

/**
 * The zone's UTC offset in seconds if it is the same for every plain timestamp from `min` to `max`
 * (read as FieldReader reads them: zonedTimeToInstant looks a day either side), else null.
 */
export function fixedOffsetSeconds(timezone: string, min: string, max: string): number | null {
  const [from, to] = [wallMillis(min), wallMillis(max)];
  if (to - from > MAX_FIXED_OFFSET_SPAN_MS) return null;
  const offset = fixedOffsetMs(timezone, from - DAY_MS, to + DAY_MS);
  return offset === null ? null : offset / 1000;
}

// A plain timestamp's wall-clock time read as UTC (its year is 1900 or later).
function wallMillis(plain: string): number {
  const n = (from: number, to: number): number => Number(plain.slice(from, to));
  return Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19));
}

/** How Node reads one raw value of a field: the FieldReader getter on a record holding only it. */
function reader(field: PushedField, ctx: MapContext): (raw: string) => unknown {
  const read = (raw: string): unknown => {
    const f = new FieldReader(
      { recordNo: 0, line: 0, byteOffset: null, raw, fields: { [field.column]: raw } },
      ctx,
    );
    switch (field.read) {
      case 'text':
        return f.text(field.column);
      case 'phone':
        return f.phone(field.column);
      case 'timestamp':
        return f.timestamp(field.column);
      case 'number':
        return f.number(field.column);
      case 'amount':
        return f.amount(field.column);
    }
  };
  const then = field.then;
  return then ? (raw) => then(read(raw) as string | null) : read;
}

/**
 * How each field is read (see FieldReads): for each field with values not in a plain form, a
 * temporary table `(raw, v)` of those values and what the FieldReader makes of them (null for blank
 * or malformed). A head field's values of other records are looked up too (and not used): fewer
 * passes. A timestamp field's plain values are read in SQL only at a fixed offset; else all go to Node.
 */
export async function distinctValueLookups(
  writer: Pick<BatchWriter, 'run'>,
  opts: {
    dialect: Dialect;
    ctx: MapContext;
    records: string;
    valid: string;
    fields: readonly FieldColumn[];
    temp: (name: string) => string;
  },
): Promise<FieldReads> {
  const { dialect } = opts;
  const lookups = new Map<string, string>();
  const offsets = new Map<string, number>();
  const distinct = opts.temp('cdp_pd_distinct');
  const flagged = opts.fields.filter((f) => plainForm(dialect, f.field, f.column));
  // Which fields have any value not in its plain form, and the span of plain timestamps, in one pass.
  const span = (f: FieldColumn, agg: 'min' | 'max'): string =>
    `${agg}(${dialect.byCodePoint(f.column)}) FILTER (WHERE p${f.index}) AS ${agg}${f.index}`;
  const others = flagged.length
    ? (
        await writer.run((tx) =>
          tx.query(
            sql.__dangerous__rawValue(
              `SELECT ${flagged
                .flatMap((f) => [
                  `count(*) FILTER (WHERE NOT p${f.index}) AS n${f.index}`,
                  ...(f.field.read === 'timestamp' ? [span(f, 'min'), span(f, 'max')] : []),
                ])
                .join(', ')}
               FROM ${opts.records} WHERE ${opts.valid}`,
            ),
          ),
        )
      ).rows[0]!
    : {};
  // Plain values are read in SQL; a timestamp's only where its zone's offset is fixed over them.
  const inSql = flagged.filter((f) => {
    if (f.field.read !== 'timestamp') return true;
    const [min, max] = [others[`min${f.index}`], others[`max${f.index}`]];
    if (typeof min !== 'string' || typeof max !== 'string') return false;
    const offset = fixedOffsetSeconds(opts.ctx.timezone, min, max);
    if (offset !== null) offsets.set(f.name, offset);
    return offset !== null;
  });
  for (const f of opts.fields) {
    const flag = inSql.includes(f);
    if (flag && !Number(others[`n${f.index}`])) continue;
    const where = [opts.valid, flag ? `NOT p${f.index}` : null].filter(Boolean).join(' AND ');
    await writer.run((tx) =>
      tx.exec(
        `DROP TABLE IF EXISTS ${distinct};
         CREATE TEMP TABLE ${distinct} AS SELECT row_number() OVER () AS i, raw
         FROM (SELECT DISTINCT ${f.column} AS raw FROM ${opts.records} WHERE ${where}) d`,
      ),
    );
    const { rows } = await writer.run((tx) =>
      tx.query<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.__dangerous__rawValue(distinct)}`),
    );
    const count = Number(rows[0]?.n ?? 0);
    if (!count) continue;
    const name = `cdp_pd_lookup_${f.index}`;
    const table = opts.temp(name);
    const type = LOGICAL[f.field.read];
    await writer.run((tx) =>
      tx.exec(
        `CREATE TEMP TABLE ${table} (raw ${dialect.columnType('text')}, v ${dialect.columnType(type)})`,
      ),
    );
    const read = reader(f.field, opts.ctx);
    for (let from = 0; from < count; from += PAGE) {
      const page = await writer.run((tx) =>
        tx.query<{ raw: string }>(
          sql`SELECT raw FROM ${sql.__dangerous__rawValue(distinct)} WHERE i > ${from} AND i <= ${from + PAGE}`,
        ),
      );
      const values = page.rows.map((r) => [r.raw, read(r.raw)]);
      await writer.run((tx) =>
        tx.load(
          name,
          [
            { name: 'raw', type: 'text' },
            { name: 'v', type },
          ],
          [values],
        ),
      );
    }
    if (dialect.analyze(table)) await writer.run((tx) => tx.exec(dialect.analyze(table)));
    lookups.set(f.name, table);
  }
  return { lookups, offsets };
}
