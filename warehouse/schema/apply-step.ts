import type { MigrationStep, TableDef } from './table-def.ts';

/** Applies one migration step to the table contract (tables by name, in creation order). */
export function applyStep(tables: Map<string, TableDef>, step: MigrationStep): void {
  if (step.kind === 'createTable') tables.set(step.table.name, step.table);
  const t = 'table' in step && typeof step.table === 'string' ? tables.get(step.table) : undefined;
  if (!t) return;
  if (step.kind === 'addColumn') tables.set(t.name, { ...t, columns: [...t.columns, step.column] });
  if (step.kind === 'setKeyIndex') tables.set(t.name, { ...t, keyIndex: step.keyIndex });
  if (step.kind === 'setCompression') {
    const columns = t.columns.map((c) => {
      const hint = step.columns[c.name];
      if (hint === undefined) return c;
      const { compression: _, ...rest } = c;
      return hint === 'auto' ? rest : { ...rest, compression: hint };
    });
    tables.set(t.name, { ...t, columns });
  }
  if (step.kind === 'describeTable') tables.set(t.name, { ...t, description: step.description });
  if (step.kind === 'replaceColumn') {
    const columns = t.columns.map((c) => (c.name === step.column ? step.with : c));
    const primaryKey = t.primaryKey?.map((k) => (k === step.column ? step.with.name : k));
    tables.set(t.name, { ...t, columns, ...(primaryKey ? { primaryKey } : {}) });
  }
}
