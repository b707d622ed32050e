import type { Transform } from '../../mapping/index.ts';
import type { RawValue } from '../../normalise/index.ts';

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** The value at a column: the exact name first (CSV headers may contain dots), then a dotted path into objects. */
export function lookup(fields: Readonly<Record<string, unknown>>, column: string): unknown {
  if (Object.hasOwn(fields, column)) return fields[column];
  if (!column.includes('.')) return undefined;
  let v: unknown = fields;
  for (const part of column.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Whether a record of a file with fixed columns (CSV, Parquet) has the column, or the struct a path starts in. */
export function hasColumn(
  fields: Readonly<Record<string, unknown>>,
  column: string,
  nested: boolean,
): boolean {
  return Object.hasOwn(fields, column) || (nested && Object.hasOwn(fields, column.split('.')[0]!));
}

/** A value as the normalisers take it: strings and numbers as they are, anything else as JSON text. */
export function scalar(v: unknown): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Applies a field's transforms in order; blanks stay blank. */
export function transformed(v: RawValue, transforms: readonly Transform[]): RawValue {
  if (v === null || v === undefined || !transforms.length) return v;
  let s = String(v);
  for (const t of transforms) {
    if (t === 'trim') s = s.trim();
    else if (t === 'upper') s = s.toUpperCase();
    else if (t === 'lower') s = s.toLowerCase();
    else s = s.replace(/\D+/g, '');
  }
  return s;
}

/** The column names a template's {placeholders} refer to. */
export function templateColumns(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!.trim());
}

/**
 * Fills a template from a record. `strict`: any blank placeholder makes the whole value blank (a key
 * with a part missing is no key); otherwise blank parts are left out and the separators around them
 * tidied, so "{street_number} {address_1}" still gives the street when the number is missing.
 * `blanks` names the placeholders that were blank.
 */
export function renderTemplate(
  template: string,
  value: (column: string) => RawValue,
  isBlank: (v: RawValue) => boolean,
  strict: boolean,
): { text: string | null; blanks: string[] } {
  const blanks: string[] = [];
  let parts = 0;
  const filled = template.replace(PLACEHOLDER, (_, name: string) => {
    parts++;
    const v = value(name.trim());
    if (isBlank(v)) {
      blanks.push(name.trim());
      return '';
    }
    return String(v).trim();
  });
  if (blanks.length === parts || (strict && blanks.length)) return { text: null, blanks };
  if (strict) return { text: filled, blanks };
  const text = filled
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:/|-]+|[\s,;:/|-]+$/g, '')
    .replace(/([,;/|-])(?:\s*[,;/|-])+/g, '$1');
  return { text, blanks };
}
