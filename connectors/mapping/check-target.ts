import type { z } from 'zod';
import { compileFormat } from '../normalise/index.ts';
import type { Mapping } from './schema.ts';
import { NOT_MAPPABLE, targetColumns } from './target-columns.ts';

const DATE_TYPES = new Set(['date', 'timestamptz']);
const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Checks a mapping against the warehouse contract: every mapped column exists in the target
 * table and may be mapped, formats fit date columns and compile, the NOT NULL columns and the
 * key are filled, and `required` names mapped columns.
 */
export function checkAgainstTarget(m: Mapping, ctx: z.core.$RefinementCtx<Mapping>): void {
  const target = targetColumns(m.target);
  const issue = (path: (string | number)[], message: string, input?: unknown): void =>
    // An explicit input, even undefined, keeps zod from reporting the whole mapping as the value found.
    ctx.addIssue({ code: 'custom', path, message, input });
  const known = [...target.mappable.keys()].join(', ');
  for (const [name, spec] of Object.entries(m.fields)) {
    const column = target.mappable.get(name);
    if (!column) {
      const why = target.all.has(name) ? NOT_MAPPABLE[name] : undefined;
      issue(
        ['fields', name],
        why
          ? `${name} cannot be mapped: ${why}`
          : `${target.table} has no column ${name}; expected one of ${known}`,
      );
      continue;
    }
    if (spec.template !== undefined) checkTemplate(spec.template, ['fields', name, 'template'], issue);
    if (spec.format === undefined) continue;
    if (!DATE_TYPES.has(column.type)) {
      issue(
        ['fields', name, 'format'],
        `a format applies to date and timestamp columns; ${name} is ${column.type}`,
        spec.format,
      );
      continue;
    }
    try {
      compileFormat(spec.format);
    } catch (err) {
      issue(['fields', name, 'format'], err instanceof Error ? err.message : String(err), spec.format);
    }
  }
  if (m.key !== undefined && m.key.includes('{')) checkTemplate(m.key, ['key'], issue);
  if (m.key === undefined && m.target === 'source_records') {
    issue(
      ['key'],
      `${target.table} needs a "key" giving each record's source_key: a column, or a template such as "${m.source}:{id}"`,
    );
  }
  for (const name of target.required) {
    if (!(name in m.fields)) {
      issue(
        ['fields'],
        `${target.table} needs ${name} (NOT NULL): map it to a column, a template or a constant`,
      );
    }
  }
  m.required.forEach((name, i) => {
    if (!(name in m.fields) && !(name === 'source_key' && m.key !== undefined)) {
      issue(['required', i], `${name} is not mapped in "fields", so no record could have it`, name);
    }
  });
  const attributes = Array.isArray(m.attributes) ? m.attributes : Object.keys(m.attributes);
  if (attributes.length && !target.hasAttributes) {
    issue(['attributes'], `${target.table} has no attributes column; remove "attributes"`);
  }
  if (m.format === 'parquet' && m.encoding !== 'auto') {
    issue(['encoding'], 'Parquet files carry their own encoding; remove "encoding"', m.encoding);
  }
}

function checkTemplate(
  template: string,
  path: (string | number)[],
  issue: (path: (string | number)[], message: string, input?: unknown) => void,
): void {
  const names = [...template.matchAll(PLACEHOLDER)].map((p) => p[1]!.trim());
  if (!names.length || names.some((n) => n === '')) {
    issue(path, 'expected {column} placeholders naming columns, e.g. "febrl:{rec_id}"', template);
  } else if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    issue(path, 'has an unmatched { or }; expected {column} placeholders', template);
  }
}
