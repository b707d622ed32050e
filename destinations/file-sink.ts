import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openWarehouse } from '../warehouse/index.ts';
import type { FileDestination } from './config.ts';
import type { Sink } from './sink.ts';

/** The file a sync writes: named by destination, segment and sync, so a resent sync overwrites itself. */
export function syncFilePath(name: string, dest: FileDestination, syncId: string): string {
  return join(dest.directory, `${name}.${dest.segment}.${syncId}.${dest.format}`);
}

function csvCell(v: string | null): string {
  if (v === null) return '';
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * One file per sync with an `action` column (add/remove) and the configured fields. Written to a
 * temporary name and renamed, so a reader never sees half a file and a crash leaves none.
 */
export function fileSink(name: string, dest: FileDestination): Sink {
  const written: string[] = [];
  return {
    written,
    async send(syncId, _batch, records) {
      await mkdir(dest.directory, { recursive: true });
      const path = syncFilePath(name, dest, syncId);
      const tmp = `${path}.tmp`;
      const columns = ['action', ...dest.fields];
      const rows = records.map((r) =>
        columns.map((c) => (c === 'action' ? r.action : (r.fields[c] ?? null))),
      );
      try {
        if (dest.format === 'csv') {
          const lines = [columns, ...rows].map((row) => row.map(csvCell).join(','));
          await writeFile(tmp, lines.join('\n') + '\n');
        } else if (dest.format === 'ndjson') {
          const lines = rows.map((row) =>
            JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, row[i]]))),
          );
          await writeFile(tmp, lines.map((l) => l + '\n').join(''));
        } else {
          await writeParquet(tmp, columns, rows);
        }
        await rename(tmp, path);
      } finally {
        await rm(tmp, { force: true });
      }
      written.push(path);
      return new Map();
    },
  };
}

// Parquet comes from DuckDB's writer on either warehouse: an in-memory DuckDB keeps a Postgres
// warehouse out of it, and the rows are already in Node.
async function writeParquet(path: string, columns: readonly string[], rows: readonly (string | null)[][]) {
  const { warehouse: mem } = await openWarehouse({ engine: 'duckdb', path: ':memory:' }, { migrate: false });
  try {
    await mem.exec(`CREATE TABLE out_rows (${columns.map((c) => `"${c}" VARCHAR`).join(', ')})`);
    await mem.load(
      'out_rows',
      columns.map((c) => ({ name: c, type: 'text' as const })),
      [rows],
    );
    await mem.exec(`COPY out_rows TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`);
  } finally {
    await mem.close();
  }
}
