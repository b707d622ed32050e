import type { FieldSpec, Mapping } from '../../mapping/index.ts';
import { targetColumns } from '../../mapping/index.ts';
import { isBlank, quote, type RawValue } from '../../normalise/index.ts';
import { columnNormaliser, type Checked, type ColumnNormaliser } from './column-normalisers.ts';
import { lookup, renderTemplate, scalar, templateColumns, transformed } from './record-values.ts';

/** One value a field offers for a record, with the column(s) it came from for messages. */
export interface Candidate {
  readonly raw: RawValue;
  readonly label: string;
}

/** How one canonical column of the target is read, compiled once per mapping. */
export interface FieldPlan {
  readonly name: string;
  /** Where the mapping defines it ('fields.birth_date', 'key'), for errors about the mapping itself. */
  readonly where: string;
  /** The file's columns it reads. */
  readonly columns: readonly string[];
  readonly required: boolean;
  /** Every valid value is kept (phones, emails); otherwise the first non-blank one decides. */
  readonly multi: boolean;
  /** What a missing value is reported as: 'birth_date' or 'source_key (key "febrl:{rec_id}")'. */
  readonly title: string;
  candidates(fields: Readonly<Record<string, unknown>>): Candidate[];
  check(raw: RawValue, timezone: string): Checked<unknown>;
}

const MULTI = new Set(['phone', 'email']);

/** Compiles the mapping's key and fields into plans, in the order they are read. */
export function compileFields(mapping: Mapping): FieldPlan[] {
  const target = targetColumns(mapping.target);
  const required = new Set([...target.required, ...mapping.required]);
  const plans: FieldPlan[] = [];
  if (mapping.key !== undefined) {
    const spec: FieldSpec = mapping.key.includes('{') ? { template: mapping.key } : { column: mapping.key };
    const keyRequired = mapping.target === 'source_records' || required.has('source_key');
    const title = `source_key (key ${JSON.stringify(mapping.key)})`;
    plans.push(plan('source_key', 'key', spec, keyRequired, sourceKey, title));
  }
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const column = target.mappable.get(name)!;
    const normalise = columnNormaliser(mapping.target, column, spec.format);
    plans.push(plan(name, `fields.${name}`, spec, required.has(name), normalise, name));
  }
  return plans;
}

function plan(
  name: string,
  where: string,
  spec: FieldSpec,
  required: boolean,
  normalise: ColumnNormaliser,
  title: string,
): FieldPlan {
  const transforms = spec.transform === undefined ? [] : [spec.transform].flat();
  const multi = MULTI.has(name);
  const columns =
    spec.template !== undefined
      ? templateColumns(spec.template)
      : spec.column !== undefined
        ? [spec.column].flat()
        : [];
  // A key or a required value with a part missing would be a wrong value, not a shorter one.
  const strict = required || name === 'source_key';
  const read = (fields: Readonly<Record<string, unknown>>, column: string): RawValue =>
    scalar(lookup(fields, column));
  const candidates = (fields: Readonly<Record<string, unknown>>): Candidate[] => {
    if (spec.constant !== undefined) {
      return [{ raw: transformed(scalar(spec.constant), transforms), label: `constant ${name}` }];
    }
    if (spec.template !== undefined) {
      const r = renderTemplate(spec.template, (c) => read(fields, c), isBlank, strict);
      return [
        { raw: transformed(r.text, transforms), label: (r.blanks.length ? r.blanks : columns).join(', ') },
      ];
    }
    return columns.flatMap((column) => {
      const v = lookup(fields, column);
      const values = multi && Array.isArray(v) ? v : [v];
      return values.map((x) => ({ raw: transformed(scalar(x), transforms), label: column }));
    });
  };
  const values = spec.values;
  const check = (raw: RawValue, timezone: string): Checked<unknown> => {
    if (values === undefined || isBlank(raw)) return normalise(raw, timezone);
    const text = String(raw).trim();
    if (!Object.hasOwn(values, text)) {
      return {
        ok: false,
        reason: 'invalid_record',
        message: `value ${quote(raw)} is none of ${Object.keys(values)
          .map((k) => JSON.stringify(k))
          .join(', ')} (the mapping's "values" of ${name})`,
      };
    }
    return normalise(values[text]!, timezone);
  };
  return {
    name,
    where,
    columns,
    required,
    multi,
    title,
    candidates,
    check,
  };
}

// A source_key is kept exactly as the source writes it (trimmed), since ground truth and other
// systems join on it.
function sourceKey(raw: RawValue): Checked<unknown> {
  if (isBlank(raw)) return { ok: true, value: null };
  return { ok: true, value: String(raw).trim() };
}
