import { quoteIdent, sql, type Dialect, type Queryable } from '../../warehouse/index.ts';
import type { TableSpec } from './tables.ts';

/** What merging one staged table did. */
export interface MergeCounts {
  /** Rows inserted or updated. */
  readonly changed: number;
  /** Rows inserted or updated, per file of the batch (file_no). */
  readonly changedByFile: ReadonlyMap<number, number>;
}

const q = quoteIdent;

/**
 * A temporary table of rows to merge: the target's columns it has (others are null unless
 * `constants` gives their SQL, e.g. the file of every row), and file_no and record_no, as table
 * columns or constants.
 */
export interface StagedRows {
  readonly table: string;
  readonly columns: readonly string[];
  readonly constants?: Readonly<Record<string, string>>;
}

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
export async function mergeStage(
  tx: Queryable,
  spec: TableSpec,
  sources: readonly StagedRows[],
  dialect: Dialect,
): Promise<MergeCounts> {
  const keys = spec.key.map(q);
  const cols = spec.columns.map((c) => q(c.name));
  const staged = [...cols, 'file_no', 'record_no'];
  const types = new Map<string, string>([
    ...spec.columns.map((c) => [c.name, dialect.columnType(c.type)] as const),
    ['file_no', dialect.columnType('integer')],
    ['record_no', dialect.columnType('bigint')],
  ]);
  // All staged rows as one relation, each source's missing columns null.
  const stage = `(${sources
    .map((src) => {
      const has = new Set(src.columns);
      const select = [...spec.columns.map((c) => c.name), 'file_no', 'record_no'].map((c) =>
        has.has(c) ? q(c) : `CAST(${src.constants?.[c] ?? 'NULL'} AS ${types.get(c)!}) AS ${q(c)}`,
      );
      return `SELECT ${select.join(', ')} FROM ${q(src.table)}`;
    })
    .join(' UNION ALL ')})`;
  const order = [spec.version ? `${q(spec.version)} DESC NULLS LAST` : null, 'file_no DESC', 'record_no DESC']
    .filter(Boolean)
    .join(', ');
  const dups = `${sources[0]!.table}_d`;
  const changed = `${sources[0]!.table}_c`;
  // Ranking every row by key sorts the whole batch; only keys that come more than once need it
  // (a receipt in two exports), so they are found first with a hash aggregate and the rest pass.
  await tx.exec(
    `CREATE TEMP TABLE ${q(dups)} AS SELECT ${keys.join(', ')} FROM ${stage} s GROUP BY ${keys.join(', ')} HAVING count(*) > 1`,
  );
  const isDup = `SELECT 1 FROM ${q(dups)} d WHERE ${spec.key.map((k) => `d.${q(k)} = s.${q(k)}`).join(' AND ')}`;
  const winners = `SELECT ${staged.map((c) => `s.${c}`).join(', ')} FROM ${stage} s WHERE NOT EXISTS (${isDup})
     UNION ALL
     SELECT ${staged.join(', ')} FROM (
       SELECT s.*, ROW_NUMBER() OVER (PARTITION BY ${keys.map((k) => `s.${k}`).join(', ')} ORDER BY ${order}) AS cdp_rn
       FROM ${stage} s WHERE EXISTS (${isDup})
     ) r WHERE cdp_rn = 1`;
  const compared = spec.columns
    .map((c) => c.name)
    .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c) && !spec.bookkeeping.includes(c));
  const differs = compared.map((c) => `w.${q(c)} IS DISTINCT FROM t.${q(c)}`).join(' OR ') || 'false';
  const notOlder = spec.version ? `COALESCE(w.${q(spec.version)} >= t.${q(spec.version)}, true)` : 'true';
  const newer = spec.version ? `w.${q(spec.version)} > t.${q(spec.version)} OR ` : '';
  const join = spec.key.map((k) => `t.${q(k)} = w.${q(k)}`).join(' AND ');
  // The stored rows of the batch's keys, set aside first (below): the joins with the target go
  // through them. Joined with the whole target, DuckDB could build its hash table on the target
  // (every column of it): past a million tracking events that ran out of its 1 GB memory cap.
  const hit = `${sources[0]!.table}_t`;
  const isNew = `NOT EXISTS (SELECT 1 FROM ${q(hit)} t WHERE ${join})`;
  const updates = spec.columns
    .map((c) => c.name)
    .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c))
    .map((c) =>
      spec.sticky.includes(c) ? `${q(c)} = COALESCE(c.${q(c)}, t.${q(c)})` : `${q(c)} = c.${q(c)}`,
    );
  // A target with no row of the batch's sources (its first key column) has no key of the batch:
  // every winner is new, and the joins with the target can go (a first load).
  const first = q(spec.key[0]!);
  const { rows: stored } = await tx.query(
    sql.__dangerous__rawValue(
      `SELECT 1 AS found FROM ${spec.table} WHERE ${first} IN (SELECT DISTINCT ${first} FROM ${stage} s) LIMIT 1`,
    ),
  );
  const fresh = stored.length === 0;
  // Stored keys that change are few next to new keys, so only they are set aside; new rows go
  // straight from the staging tables into the target, counted first.
  if (!fresh) {
    await tx.exec(
      `CREATE TEMP TABLE ${q(hit)} AS SELECT t.* FROM ${spec.table} t
       WHERE EXISTS (SELECT 1 FROM ${stage} s WHERE ${spec.key.map((k) => `s.${q(k)} = t.${q(k)}`).join(' AND ')})`,
    );
    await tx.exec(
      `CREATE TEMP TABLE ${q(changed)} AS SELECT w.*
       FROM (${winners}) w JOIN ${q(hit)} t ON ${join}
       WHERE ${newer}(${notOlder} AND (${differs}))`,
    );
  }
  // On a first load every winner is written: per file, its staged rows less those that lose to a
  // later row of the same key (found among the repeated keys only), without computing the winners
  // a second time beside the INSERT.
  const losers = `SELECT file_no FROM (
       SELECT s.file_no, ROW_NUMBER() OVER (PARTITION BY ${keys.map((k) => `s.${k}`).join(', ')} ORDER BY ${order}) AS cdp_rn
       FROM ${stage} s WHERE EXISTS (${isDup})
     ) r WHERE cdp_rn > 1`;
  const { rows } = await tx.query<{ file_no: number; n: number }>(
    sql.__dangerous__rawValue(
      fresh
        ? `SELECT file_no, sum(n) AS n FROM (
             SELECT file_no, count(*) AS n FROM ${stage} s GROUP BY file_no
             UNION ALL SELECT file_no, -count(*) AS n FROM (${losers}) l GROUP BY file_no
           ) c GROUP BY file_no HAVING sum(n) > 0`
        : `SELECT file_no, count(*) AS n FROM (
             SELECT w.file_no FROM (${winners}) w WHERE ${isNew}
             UNION ALL SELECT file_no FROM ${q(changed)}
           ) c GROUP BY file_no`,
    ),
  );
  // New keys take a plain INSERT: conflict handling costs DuckDB several times more per row, and
  // a first load is all new keys. Columns no source fills are left out (null, as the contract has
  // no defaults): a wide table (core.source_records) otherwise writes thirty null columns a row.
  const filled = spec.columns
    .map((c) => c.name)
    .filter(
      (c) => spec.key.includes(c) || sources.some((src) => src.columns.includes(c) || src.constants?.[c]),
    )
    .map(q);
  await tx.exec(
    `INSERT INTO ${spec.table} (${filled.join(', ')}) SELECT ${filled.map((c) => `w.${c}`).join(', ')}
     FROM (${winners}) w ${fresh ? '' : `WHERE ${isNew}`}`,
  );
  // Changed keys are stored ones, one row each: a plain UPDATE, which needs no key index (DuckDB
  // keeps none on the big ingest tables, see migration 13).
  if (!fresh) {
    await tx.exec(
      `UPDATE ${spec.table} AS t SET ${updates.join(', ')} FROM ${q(changed)} c
       WHERE ${spec.key.map((k) => `t.${q(k)} = c.${q(k)}`).join(' AND ')}`,
    );
  }
  await tx.exec(
    [dups, ...(fresh ? [] : [hit, changed]), ...sources.map((src) => src.table)]
      .map((t) => `DROP TABLE ${q(t)}`)
      .join('; '),
  );
  const changedByFile = new Map(rows.map((r) => [Number(r.file_no), Number(r.n)]));
  return { changed: [...changedByFile.values()].reduce((a, b) => a + b, 0), changedByFile };
}
