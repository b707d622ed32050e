import { readFile } from 'node:fs/promises';
import { quoteIdent, quoteTable, sql, type Queryable } from '../warehouse/index.ts';
import type { Suppression } from './config.ts';
import { SuppressionListError } from './errors.ts';

/** The suppressed values of every list, normalised so one set answers for IDs, phones and emails. */
export interface SuppressionSet {
  has(person: { customer_id: string; phone?: unknown; email?: unknown }): boolean;
}

/**
 * Lists are hand-kept (unsubscribe exports, complaint lists), so phones come in any spelling:
 * compare digits only, without China's 86 country code; emails compare trimmed and lower-cased.
 */
export function normalisePhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}

// A header line of a one-column CSV export is not a value.
const HEADERS = new Set(['customer_id', 'phone', 'email', 'mobile', 'value', 'id']);

/** Normalised values of every list of a destination: IDs as written, emails and phones as compared. */
export interface SuppressionKeys {
  readonly ids: ReadonlySet<string>;
  readonly emails: ReadonlySet<string>;
  readonly phones: ReadonlySet<string>;
}

/** Reads every suppression list of a destination (files: one value a line, first CSV column, # comments). */
export async function loadSuppressionKeys(
  tx: Queryable,
  destination: string,
  lists: readonly Suppression[],
): Promise<SuppressionKeys> {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const add = (value: string) => {
    const v = value.trim();
    if (v === '') return;
    ids.add(v);
    emails.add(v.toLowerCase());
    const phone = normalisePhone(v);
    if (phone.length >= 7) phones.add(phone);
  };
  for (const list of lists) {
    if ('file' in list) {
      let text: string;
      try {
        text = await readFile(list.file, 'utf8');
      } catch (err) {
        throw new SuppressionListError(destination, list.file, { cause: err });
      }
      for (const line of text.split(/\r?\n/)) {
        const cell = (line.split(',')[0] ?? '').trim().replace(/^"|"$/g, '');
        if (cell === '' || cell.startsWith('#') || HEADERS.has(cell.toLowerCase())) continue;
        add(cell);
      }
    } else {
      const name = `${list.table}.${list.column}`;
      try {
        const { rows } = await tx.query<{ v: unknown }>(
          sql`SELECT CAST(${sql.__dangerous__rawValue(quoteIdent(list.column))} AS VARCHAR) AS v
              FROM ${sql.__dangerous__rawValue(quoteTable(list.table))}`,
        );
        for (const r of rows) if (typeof r.v === 'string') add(r.v);
      } catch (err) {
        throw new SuppressionListError(destination, name, { cause: err });
      }
    }
  }
  return { ids, emails, phones };
}

/** The lists as a set a person is checked against (the pull API, page by page). */
export async function loadSuppressions(
  tx: Queryable,
  destination: string,
  lists: readonly Suppression[],
): Promise<SuppressionSet> {
  const keys = await loadSuppressionKeys(tx, destination, lists);
  return {
    has(p) {
      if (keys.ids.has(p.customer_id)) return true;
      if (typeof p.email === 'string' && keys.emails.has(p.email.trim().toLowerCase())) return true;
      if (typeof p.phone === 'string' && keys.phones.has(normalisePhone(p.phone))) return true;
      return false;
    },
  };
}
