import type { CanonicalRow, Rejection, SourceRecord } from '../../connector.ts';
import { jsonList, nameParts } from '../../map/person.ts';
import { targetColumns, type Mapping } from '../../mapping/index.ts';
import { isBlank } from '../../normalise/index.ts';
import { IDENTIFIERS } from './column-normalisers.ts';
import type { FieldPlan } from './field-plan.ts';
import { lookup, scalar } from './record-values.ts';

/** What the connector knows when it maps a record. */
export interface RecordContext {
  readonly timezone: string;
  readonly currency: string;
  /** The record's position among consecutive lines of one order, for an unmapped line_no. */
  readonly lineNo: number;
}

type Failure = Pick<Rejection, 'reason' | 'message'>;

/**
 * Maps one record to one row of the target table. A required value that is blank or malformed
 * rejects the record (the message names the file's column, the value and what was expected); a
 * malformed optional value is dropped and noted in attributes.invalid_fields, as FieldReader does.
 */
export function mapRecord(
  mapping: Mapping,
  plans: readonly FieldPlan[],
  record: SourceRecord,
  ctx: RecordContext,
): { row: CanonicalRow } | { failure: Failure } {
  const row: CanonicalRow = { record_no: record.recordNo };
  const invalid: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  let failure: Failure | null = null;
  for (const p of plans) {
    const offered = p.candidates(record.fields).filter((c) => !isBlank(c.raw));
    const good: unknown[] = [];
    let bad: Failure | null = null;
    for (const c of p.multi ? offered : offered.slice(0, 1)) {
      const r = p.check(c.raw, ctx.timezone);
      if (r.ok) {
        if (r.value !== null) good.push(r.value);
        continue;
      }
      bad ??= { reason: r.reason, message: `${c.label}: ${r.message}` };
      invalid[c.label] = r.message;
    }
    row[p.name] = good[0] ?? null;
    if (p.multi) lists[p.name] = good as string[];
    if (!good.length && p.required) failure ??= bad ?? missing(p, record);
  }
  if (failure) return { failure };
  derive(mapping, row, lists, ctx);
  if (mapping.target === 'consents') {
    const bad = identifierValue(row, plans);
    if (bad) return { failure: bad };
  }
  const attributes = {
    ...keptAttributes(mapping, record),
    ...(Object.keys(invalid).length ? { invalid_fields: invalid } : {}),
  };
  if (targetColumns(mapping.target).hasAttributes) {
    row.attributes = Object.keys(attributes).length ? attributes : null;
  }
  return { row };
}

function missing(p: FieldPlan, record: SourceRecord): Failure {
  const blank = p.candidates(record.fields).map((c) => c.label);
  const names = [...new Set(blank.length ? blank : p.columns)];
  return {
    reason: 'missing_field',
    message: `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} empty; ${p.title} is required`,
  };
}

// Columns filled from others: lists of every identifier, name parts, the order currency, line numbers.
function derive(
  mapping: Mapping,
  row: CanonicalRow,
  lists: Record<string, string[]>,
  ctx: RecordContext,
): void {
  if (mapping.target === 'source_records') {
    if (lists.phone) row.phones = jsonList(...lists.phone);
    if (lists.email) row.emails = jsonList(...lists.email);
    const full = row.full_name as string | null | undefined;
    if (full) {
      const parts = nameParts(full);
      row.family_name ??= parts.family_name ?? null;
      row.given_name ??= parts.given_name ?? null;
    } else {
      row.full_name = fullName(row.family_name as string | null, row.given_name as string | null);
    }
  }
  if (mapping.target === 'orders') row.currency ??= mapping.currency ?? ctx.currency;
  if (mapping.target === 'order_lines') row.line_no ??= ctx.lineNo;
}

function fullName(family: string | null | undefined, given: string | null | undefined): string | null {
  if (!family || !given) return family || given || null;
  // Chinese names are written family name first with no space; Latin ones given name first.
  const han = /^\p{Script=Han}+$/u;
  return han.test(family) && han.test(given) ? family + given : `${given} ${family}`;
}

// A consent recorded against a phone or an email holds it in the same form source_records do, so
// consent lookups match customers' identifiers; one recorded against a malformed identifier matches
// no one and is quarantined rather than kept as a consent of nobody.
function identifierValue(row: CanonicalRow, plans: readonly FieldPlan[]): Failure | null {
  const type = row.identifier_type as string | null | undefined;
  const normalise = type ? IDENTIFIERS[type] : undefined;
  const value = row.identifier_value as string | null | undefined;
  if (!normalise || value === null || value === undefined) return null;
  const r = normalise(value);
  if (r.ok) {
    row.identifier_value = r.value;
    return null;
  }
  const column = plans.find((p) => p.name === 'identifier_value')?.columns.join(', ') ?? 'identifier_value';
  return { reason: r.reason, message: `${column}: ${r.message}` };
}

function keptAttributes(mapping: Mapping, record: SourceRecord): Record<string, unknown> {
  const pairs = Array.isArray(mapping.attributes)
    ? mapping.attributes.map((c) => [c, c] as const)
    : Object.entries(mapping.attributes);
  const out: Record<string, unknown> = {};
  for (const [name, column] of pairs) {
    const v = lookup(record.fields, column);
    if (v !== null && typeof v === 'object') out[name] = v;
    else if (!isBlank(scalar(v))) out[name] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
