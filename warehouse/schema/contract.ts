import { applyStep } from './apply-step.ts';
import { MIGRATIONS_TABLE } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration, TableDef } from './table-def.ts';

/** The current table contract: every table as the migrations leave it, in creation order. */
export function currentContract(migrations: readonly Migration[] = MIGRATIONS): TableDef[] {
  const tables = new Map<string, TableDef>([[MIGRATIONS_TABLE.name, MIGRATIONS_TABLE]]);
  for (const m of migrations) for (const step of m.steps) applyStep(tables, step);
  return [...tables.values()];
}
