import { MIGRATIONS_TABLE } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration, TableDef } from './table-def.ts';

/** The current table contract: every table as the migrations leave it, in creation order. */
export function currentContract(migrations: readonly Migration[] = MIGRATIONS): TableDef[] {
  const tables = new Map<string, TableDef>([[MIGRATIONS_TABLE.name, MIGRATIONS_TABLE]]);
  for (const m of migrations) {
    for (const step of m.steps) {
      if (step.kind === 'createTable') tables.set(step.table.name, step.table);
      if (step.kind === 'addColumn') {
        const t = tables.get(step.table);
        if (t) tables.set(t.name, { ...t, columns: [...t.columns, step.column] });
      }
    }
  }
  return [...tables.values()];
}
