import Table from 'cli-table3';
import { formatValue } from './format-value.ts';

// Compact borders without colours: readable on a terminal, clean when piped into a log file.
const CHARS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

/** A plain text table: a header line, a rule, then one line per row. */
export function textTable(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const table = new Table({
    head: [...head],
    chars: CHARS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row.map(formatValue));
  const [header = '', ...body] = table.toString().split('\n');
  return [header.trimEnd(), '-'.repeat(header.trimEnd().length), ...body.map((l) => l.trimEnd())].join('\n');
}
