import type { CanonicalRow, FileKind, MapOutput, Rejection, SourceRecord } from '../../connector.ts';
import { UnreadableFileError } from '../../errors.ts';
import type { CsvOptions } from '../../files/read-csv.ts';
import type { Mapping } from '../../mapping/index.ts';
import { compileFields, type FieldPlan } from './field-plan.ts';
import { mapRecord } from './map-record.ts';
import { hasColumn } from './record-values.ts';

/** The formats a mapped file can have. */
export type MappedFormat = 'csv' | 'ndjson' | 'parquet';

const ENCODINGS = {
  'utf-8': ['utf-8'],
  gbk: ['gbk'],
  auto: ['utf-8', 'gbk'],
} as const;

/** The file kind of a mapping for one format: every record becomes one row of the mapping's target. */
export function mappedKind(mapping: Mapping, format: MappedFormat, csv?: CsvOptions): FileKind {
  const plans = compileFields(mapping);
  const columns = referencedColumns(mapping, plans);
  const lineNumbered = mapping.target === 'order_lines' && !('line_no' in mapping.fields);
  const orderId = plans.find((p) => p.name === 'order_id');
  return {
    kind: `${mapping.target}.${format}`,
    format,
    primary: mapping.target,
    rawTable: 'raw.file_records',
    encodings: ENCODINGS[mapping.encoding],
    ...(csv ? { csv } : {}),
    // Lines of one order are numbered in file order when the file has no line numbers.
    ...(lineNumbered && orderId
      ? {
          groupKey: (r: SourceRecord) =>
            orderId
              .candidates(r.fields)
              .map((c) => String(c.raw))
              .join('\u0000'),
        }
      : {}),
    map(records, ctx): MapOutput {
      const rows: CanonicalRow[] = [];
      const rejections: Rejection[] = [];
      const timezone = mapping.timezone ?? ctx.timezone;
      const currency = mapping.currency ?? ctx.currency;
      for (const [i, record] of records.entries()) {
        const absent = format === 'ndjson' ? null : missingColumn(record, columns, format === 'parquet');
        if (absent) throw new UnreadableFileError(ctx.file, absent);
        const out = mapRecord(mapping, plans, record, { timezone, currency, lineNo: i + 1 });
        if ('row' in out) rows.push(out.row);
        else rejections.push({ recordNo: record.recordNo, ...out.failure });
      }
      return { rows: { [mapping.target]: rows }, rejections };
    },
  };
}

/** Every column of the file the mapping reads, with where the mapping names it. */
function referencedColumns(mapping: Mapping, plans: readonly FieldPlan[]): [string, string][] {
  const attributes = Array.isArray(mapping.attributes)
    ? mapping.attributes
    : Object.values(mapping.attributes);
  return [
    ...plans.flatMap((p) => p.columns.map((c): [string, string] => [c, p.where])),
    ...attributes.map((c): [string, string] => [c, 'attributes']),
  ];
}

// A CSV or Parquet file has the same columns in every record, so a column the mapping names but
// the file lacks is a mapping that does not fit the file: it fails whole, loading nothing, and
// loads once the mapping is fixed, instead of each record quietly losing the value.
function missingColumn(record: SourceRecord, columns: [string, string][], nested: boolean): string | null {
  const miss = columns.find(([c]) => !hasColumn(record.fields, c, nested));
  if (!miss) return null;
  const have = Object.keys(record.fields).join(', ');
  return `it has no column ${JSON.stringify(miss[0])} (named in the mapping's ${miss[1]}); its columns are: ${have}`;
}
