import { duckdbDialect } from '../duckdb/dialect.ts';
import { postgresDialect } from '../postgres/dialect.ts';
import type { TableDef } from './table-def.ts';

const GROUPS: Record<string, string> = {
  raw: 'As ingested, one table per feed.',
  core: 'The canonical model every job reads.',
  identity: 'Links, clusters, review queue and merge history of identity resolution.',
  marts: 'Model outputs, segments and metrics, every row keyed by `as_of`.',
  ops: 'Job runs, ingested files, quarantine, export log and migrations.',
};

/** Renders the table contract as the Markdown of docs/warehouse.md. */
export function renderContractMarkdown(tables: readonly TableDef[], schemaVersion: number): string {
  const out: string[] = [
    '# Warehouse tables',
    '',
    '<!-- Generated from warehouse/schema/migrations by `npm run docs`; a test fails when it is stale. -->',
    '',
    `The contract BI users and downstream tools rely on, at schema version ${schemaVersion}. Changing it is a`,
    'new migration plus a CHANGELOG entry. Tables are identical on DuckDB and Postgres; the type',
    "columns give each engine's type.",
    '',
    'Conventions: timestamps are `timestamptz` (absolute instants; cdp sessions use the configured',
    '`warehouse.timezone` to turn them into days); money is an exact decimal with two places; JSON',
    'columns hold what a source has beyond the canonical columns.',
    '',
    '## Table groups',
    '',
    ...Object.entries(GROUPS).map(([schema, text]) => `- \`${schema}\`: ${text}`),
    '',
  ];
  for (const t of tables) {
    out.push(`## ${t.name}`, '', t.description, '', `- Grain: ${t.grain}`);
    if (t.primaryKey?.length)
      out.push(
        `- Key: ${t.primaryKey.map((k) => `\`${k}\``).join(', ')}${t.keyIndex === 'postgres' ? ' (unique by construction; a primary key on Postgres only)' : ''}`,
      );
    out.push('', '| column | DuckDB | Postgres | null | meaning |', '| --- | --- | --- | --- | --- |');
    for (const c of t.columns) {
      const nullable = c.nullable === false ? 'no' : 'yes';
      out.push(
        `| \`${c.name}\` | ${duckdbDialect.columnType(c.type)} | ${postgresDialect.columnType(c.type)} | ${nullable} | ${c.description.replaceAll('|', '\\|')} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}
