import { sql, sqlString, type Dialect, type LogicalType } from '../../warehouse/index.ts';
import type { MapContext, PushedField, PushedRead } from '../connector.ts';
import { FieldReader } from '../map/field-reader.ts';
import { BLANK_PLACEHOLDERS } from '../normalise/index.ts';
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
const PLAIN_NUMBER = '^[0-9]{1,15}$';
const PLAIN_AMOUNT = '^(0|[1-9][0-9]{0,15})[.][0-9]{2}$';
const ASCII_PLACEHOLDERS = [...BLANK_PLACEHOLDERS].filter((p) => new RegExp(PLAIN_TEXT).test(p));

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
    default:
      return null;
  }
}

/**
 * The SQL of a field's value in `cdp_pd_ok`: read in SQL when plain (flag `r.p<index>` of the
 * records table), else from its lookup `l<index>`.
 */
export function fieldValueSql(dialect: Dialect, f: FieldColumn, hasLookup: boolean, grp: string): string {
  const raw = `r.${f.column}`;
  const plain = plainForm(dialect, f.field, raw) ? `r.p${f.index}` : null;
  const looked = hasLookup ? `l${f.index}.v` : `CAST(NULL AS ${dialect.columnType(LOGICAL[f.field.read])})`;
  const value = plain
    ? `CASE WHEN ${plain} THEN CAST(${raw} AS ${dialect.columnType(LOGICAL[f.field.read])}) ELSE ${looked} END`
    : looked;
  return f.field.head ? `CASE WHEN r.record_no = ${grp} THEN ${value} END` : value;
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
 * For each field with values not in a plain form, a temporary table `(raw, v)` of those values and
 * what the FieldReader makes of them (null for blank or malformed). A head field's values of
 * other records are looked up too (and not used): fewer passes. Returns the lookup table by field name.
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
): Promise<Map<string, string>> {
  const { dialect } = opts;
  const lookups = new Map<string, string>();
  const distinct = opts.temp('cdp_pd_distinct');
  const flagged = opts.fields.filter((f) => plainForm(dialect, f.field, f.column));
  // Which fields have any value not in its plain form, in one pass.
  const others = flagged.length
    ? (
        await writer.run((tx) =>
          tx.query(
            sql.__dangerous__rawValue(
              `SELECT ${flagged.map((f) => `count(*) FILTER (WHERE NOT p${f.index}) AS n${f.index}`).join(', ')}
               FROM ${opts.records} WHERE ${opts.valid}`,
            ),
          ),
        )
      ).rows[0]!
    : {};
  for (const f of opts.fields) {
    const flag = flagged.includes(f);
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
  return lookups;
}
