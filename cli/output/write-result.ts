import { arrowToIpcStream, resultToArrow, type QueryResult } from '../../warehouse/index.ts';
import { formatValue } from './format-value.ts';
import { textTable } from './text-table.ts';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson', 'arrow'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Writes a query result to stdout in the chosen format. */
export function writeResult(result: QueryResult, format: OutputFormat, out: NodeJS.WritableStream): void {
  switch (format) {
    case 'table':
      out.write(renderTable(result) + '\n');
      return;
    case 'csv':
      out.write(renderCsv(result));
      return;
    case 'json':
      out.write(JSON.stringify(result.rows, jsonReplacer, 2) + '\n');
      return;
    case 'ndjson':
      out.write(renderNdjson(result));
      return;
    case 'arrow':
      out.write(arrowToIpcStream(resultToArrow(result)));
      return;
  }
}

/** A boxed text table with a row count line. */
export function renderTable(result: QueryResult): string {
  const table = textTable(
    result.columns.map((c) => c.name),
    result.rows.map((row) => result.columns.map((c) => row[c.name])),
  );
  const n = result.rows.length;
  return `${table}\n(${n} row${n === 1 ? '' : 's'})`;
}

/** RFC 4180 CSV with a header line. */
export function renderCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvField(c.name)).join(',')];
  for (const row of result.rows)
    lines.push(result.columns.map((c) => csvField(formatValue(row[c.name]))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One JSON object per row (NDJSON), the easiest shape for scripts to stream. */
export function renderNdjson(result: QueryResult): string {
  return result.rows.map((r) => JSON.stringify(r, jsonReplacer) + '\n').join('');
}

// Integers beyond 2^53 arrive as bigint; JSON carries them as strings rather than lose digits.
function jsonReplacer(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
