import { currentContract, type ColumnDef } from '../../warehouse/index.ts';
import type { MappingTarget } from './schema.ts';

/** Columns of a target table a mapping may not fill, and why (shown in the validation error). */
export const NOT_MAPPABLE: Readonly<Record<string, string>> = {
  source: 'the source name comes from the mapping\'s "source" (or --source)',
  source_key: 'give it as the mapping\'s "key"',
  customer_id: 'identity resolution assigns it',
  file_id: 'the loader fills it',
  ingested_at: 'the loader fills it',
  phones: 'it lists every valid phone: map "phone" to a list of columns instead',
  emails: 'it lists every valid email: map "email" to a list of columns instead',
  attributes: 'list the columns to keep in the mapping\'s "attributes"',
};

/** NOT NULL columns a mapping may leave out because the connector fills them. */
export const FILLED_BY_CONNECTOR: Readonly<Record<string, string>> = {
  currency: 'the mapping\'s "currency", else the source\'s',
  line_no: 'numbered 1, 2, ... within each run of consecutive lines with the same order_id',
};

/** What a mapping can write in its target table. */
export interface TargetColumns {
  readonly table: string;
  /** Every column of the table. */
  readonly all: ReadonlySet<string>;
  /** Columns a mapping may fill, by name. */
  readonly mappable: ReadonlyMap<string, ColumnDef>;
  /** NOT NULL columns the mapping must fill (the key's source_key aside). */
  readonly required: readonly string[];
  readonly hasAttributes: boolean;
}

const cache = new Map<MappingTarget, TargetColumns>();

/** The columns of `core.<target>` from the warehouse contract, split by who fills them. */
export function targetColumns(target: MappingTarget): TargetColumns {
  const hit = cache.get(target);
  if (hit) return hit;
  const table = `core.${target}`;
  const def = currentContract().find((t) => t.name === table);
  if (!def) throw new Error(`${table} is not in the warehouse contract`);
  const mappable = new Map(def.columns.filter((c) => !(c.name in NOT_MAPPABLE)).map((c) => [c.name, c]));
  const result: TargetColumns = {
    table,
    all: new Set(def.columns.map((c) => c.name)),
    mappable,
    required: [...mappable.values()]
      .filter((c) => c.nullable === false && !(c.name in FILLED_BY_CONNECTOR))
      .map((c) => c.name),
    hasAttributes: def.columns.some((c) => c.name === 'attributes'),
  };
  cache.set(target, result);
  return result;
}
