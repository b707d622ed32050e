import { quoteIdent, sql, type Queryable } from '../../warehouse/index.ts';
import type { TableSpec } from './tables.ts';

/** What merging one staged table did. */
export interface MergeCounts {
  /** Rows inserted or updated. */
  readonly changed: number;
  /** Rows inserted or updated, per file of the batch (file_no). */
  readonly changedByFile: ReadonlyMap<number, number>;
}

const q = quoteIdent;

/** The SQL that creates an empty staging table shaped like the target plus file_no and record_no. */
export function createStageSql(spec: TableSpec, stage: string): string {
  return `CREATE TEMP TABLE ${q(stage)} AS SELECT *, CAST(0 AS integer) AS file_no, CAST(0 AS bigint) AS record_no FROM ${spec.table} WHERE 1 = 0`;
}

/**
 * Merges a staged table into its target, set-based in the engine:
 * 1. within the batch, the latest row per key wins (newest version, then the later file and record);
 * 2. a winner is written when its key is new, its version is newer, or (version not older) any
 *    column differs; otherwise it is a duplicate of what is stored;
 * 3. written rows upsert, keeping the columns identity resolution owns, and never erasing a stored
 *    identifier with a null (`sticky`).
 */
export async function mergeStage(tx: Queryable, spec: TableSpec, stage: string): Promise<MergeCounts> {
  const keys = spec.key.map(q);
  const cols = spec.columns.map((c) => q(c.name));
  const staged = [...cols, 'file_no', 'record_no'];
  const order = [spec.version ? `${q(spec.version)} DESC NULLS LAST` : null, 'file_no DESC', 'record_no DESC']
    .filter(Boolean)
    .join(', ');
  const dups = `${stage}_d`;
  const changed = `${stage}_c`;
  // Ranking every row by key sorts the whole batch; only keys that come more than once need it
  // (a receipt in two exports), so they are found first with a hash aggregate and the rest pass.
  await tx.exec(
    `CREATE TEMP TABLE ${q(dups)} AS SELECT ${keys.join(', ')} FROM ${q(stage)} GROUP BY ${keys.join(', ')} HAVING count(*) > 1`,
  );
  const isDup = `SELECT 1 FROM ${q(dups)} d WHERE ${spec.key.map((k) => `d.${q(k)} = s.${q(k)}`).join(' AND ')}`;
  const winners = `SELECT ${staged.map((c) => `s.${c}`).join(', ')} FROM ${q(stage)} s WHERE NOT EXISTS (${isDup})
     UNION ALL
     SELECT ${staged.join(', ')} FROM (
       SELECT s.*, ROW_NUMBER() OVER (PARTITION BY ${keys.map((k) => `s.${k}`).join(', ')} ORDER BY ${order}) AS cdp_rn
       FROM ${q(stage)} s WHERE EXISTS (${isDup})
     ) r WHERE cdp_rn = 1`;
  const compared = spec.columns
    .map((c) => c.name)
    .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c) && !spec.bookkeeping.includes(c));
  const differs = compared.map((c) => `w.${q(c)} IS DISTINCT FROM t.${q(c)}`).join(' OR ') || 'false';
  const notOlder = spec.version ? `COALESCE(w.${q(spec.version)} >= t.${q(spec.version)}, true)` : 'true';
  const newer = spec.version ? `w.${q(spec.version)} > t.${q(spec.version)} OR ` : '';
  const join = spec.key.map((k) => `t.${q(k)} = w.${q(k)}`).join(' AND ');
  await tx.exec(
    `CREATE TEMP TABLE ${q(changed)} AS SELECT w.*, t.${q(spec.key[0]!)} IS NULL AS cdp_new
     FROM (${winners}) w LEFT JOIN ${spec.table} t ON ${join}
     WHERE t.${q(spec.key[0]!)} IS NULL OR ${newer}(${notOlder} AND (${differs}))`,
  );
  const updates = spec.columns
    .map((c) => c.name)
    .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c))
    .map((c) =>
      spec.sticky.includes(c)
        ? `${q(c)} = COALESCE(excluded.${q(c)}, ${spec.table}.${q(c)})`
        : `${q(c)} = excluded.${q(c)}`,
    );
  // New keys take a plain INSERT: conflict handling costs DuckDB several times more per row, and
  // a first load is all new keys.
  await tx.exec(
    `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${q(changed)} WHERE cdp_new`,
  );
  await tx.exec(
    `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${q(changed)} WHERE NOT cdp_new
     ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
  );
  const { rows } = await tx.query<{ file_no: number; n: number }>(
    sql.__dangerous__rawValue(`SELECT file_no, count(*) AS n FROM ${q(changed)} GROUP BY file_no`),
  );
  await tx.exec(`DROP TABLE ${q(dups)}; DROP TABLE ${q(changed)}; DROP TABLE ${q(stage)}`);
  const changedByFile = new Map(rows.map((r) => [Number(r.file_no), Number(r.n)]));
  return { changed: [...changedByFile.values()].reduce((a, b) => a + b, 0), changedByFile };
}
