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
  const types = new Map<string, string>([
    ...spec.columns.map((c) => [c.name, dialect.columnType(c.type)] as const),
    ['file_no', dialect.columnType('integer')],
    ['record_no', dialect.columnType('bigint')],
  ]);
  // A source's SQL for a column: its own, or the constant (or null) it stands for.
  const value = (src: StagedRows, c: string): string =>
    src.columns.includes(c) ? q(c) : `CAST(${src.constants?.[c] ?? 'NULL'} AS ${types.get(c)!})`;
  const names = [...spec.columns.map((c) => c.name), 'file_no', 'record_no'];
  const union = (extra: (src: StagedRows, i: number) => string[]): string =>
    `(${sources
      .map((src, i) => {
        const select = names.map((c) => `${value(src, c)} AS ${q(c)}`);
        return `SELECT ${[...select, ...extra(src, i)].join(', ')} FROM ${q(src.table)}`;
      })
      .join(' UNION ALL ')})`;
  // Rows of aliases `a` and `b` with the same key.
  const sameKey = (a: string, b: string): string =>
    spec.key.map((k) => `${a}.${q(k)} = ${b}.${q(k)}`).join(' AND ');
  // All staged rows as one relation, each source's missing columns null.
  const stage = union(() => []);
  const order = [spec.version ? `${q(spec.version)} DESC NULLS LAST` : null, 'file_no DESC', 'record_no DESC']
    .filter(Boolean)
    .join(', ');
  const base = sources[0]!.table;
  const dups = `${base}_d`;
  const losers = `${base}_l`;
  const hit = `${base}_t`;
  const changed = `${base}_c`;
  const made: string[] = [];
  const count = async (query: string): Promise<number> =>
    Number((await tx.query<{ n: number }>(sql.__dangerous__rawValue(query))).rows[0]?.n ?? 0);
  // Rows that lose leave their staging tables before anything joins them: an anti-join of the whole
  // batch with a few keys let DuckDB build its hash table on the batch, every column of it (inside
  // the batch's transaction it took the new staging tables for the smaller side), which doubled the
  // cost of each INSERT. A DELETE by row id needs no such join.
  const dropRows = async (rows: string): Promise<void> => {
    for (const [i, src] of sources.entries()) {
      await tx.exec(
        `DELETE FROM ${q(src.table)} WHERE ${dialect.rowId} IN (SELECT cdp_row FROM ${q(rows)} WHERE cdp_src = ${i})`,
      );
    }
  };
  // Postgres plans by statistics, which a temporary table has only once analysed: without them
  // it sorted a million staged lines for a merge anti join where a hash fits.
  for (const src of sources) {
    const analyze = dialect.analyze(q(src.table));
    if (analyze) await tx.exec(analyze);
  }
  // 1. Within the batch the latest row per key wins. Ranking every row by key sorts the whole batch;
  // only keys that come more than once need it (a receipt in two exports), so they are found first
  // with a hash aggregate, and the rows that lose to a later one are deleted from their tables.
  await tx.exec(
    `CREATE TEMP TABLE ${q(dups)} AS SELECT ${keys.join(', ')} FROM ${stage} s GROUP BY ${keys.join(', ')} HAVING count(*) > 1`,
  );
  made.push(dups);
  if (await count(`SELECT count(*) AS n FROM ${q(dups)}`)) {
    const keyed = union((src, i) => [`${i} AS cdp_src`, `${dialect.rowId} AS cdp_row`]);
    await tx.exec(
      `CREATE TEMP TABLE ${q(losers)} AS SELECT cdp_src, cdp_row FROM (
         SELECT s.cdp_src, s.cdp_row, ROW_NUMBER() OVER (PARTITION BY ${keys.map((k) => `s.${k}`).join(', ')} ORDER BY ${order}) AS cdp_rn
         FROM ${keyed} s
         WHERE EXISTS (SELECT 1 FROM ${q(dups)} d WHERE ${sameKey('d', 's')})
       ) r WHERE cdp_rn > 1`,
    );
    made.push(losers);
    await dropRows(losers);
  }
  // 2. A target with no row of the batch's sources (its first key column) has no key of the batch:
  // every winner is new, and the joins with the target can go (a first load).
  const first = q(spec.key[0]!);
  const fresh =
    (
      await tx.query(
        sql.__dangerous__rawValue(
          `SELECT 1 AS found FROM ${spec.table} WHERE ${first} IN (SELECT DISTINCT ${first} FROM ${stage} s) LIMIT 1`,
        ),
      )
    ).rows.length === 0;
  if (!fresh) {
    // The stored rows of the batch's keys, set aside first: joined with the whole target, DuckDB
    // could build its hash table on the target (every column of it), which past a million tracking
    // events ran out of its 1 GB memory cap.
    await tx.exec(
      `CREATE TEMP TABLE ${q(hit)} AS SELECT t.* FROM ${spec.table} t
       WHERE EXISTS (SELECT 1 FROM ${stage} s WHERE ${sameKey('s', 't')})`,
    );
    made.push(hit);
    // A winner whose key is stored is written when its version is newer, or (not older) any column
    // differs; otherwise it duplicates what is stored. Either way it leaves the staging tables, which
    // then hold new keys only.
    const compared = spec.columns
      .map((c) => c.name)
      .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c) && !spec.bookkeeping.includes(c));
    const differs = compared.map((c) => `w.${q(c)} IS DISTINCT FROM t.${q(c)}`).join(' OR ') || 'false';
    const notOlder = spec.version ? `COALESCE(w.${q(spec.version)} >= t.${q(spec.version)}, true)` : 'true';
    const newer = spec.version ? `w.${q(spec.version)} > t.${q(spec.version)} OR ` : '';
    await tx.exec(
      `CREATE TEMP TABLE ${q(changed)} AS SELECT w.* FROM ${stage} w JOIN ${q(hit)} t ON ${sameKey('t', 'w')}
       WHERE ${newer}(${notOlder} AND (${differs}))`,
    );
    made.push(changed);
    for (const src of sources) {
      await tx.exec(
        `DELETE FROM ${q(src.table)} WHERE EXISTS (SELECT 1 FROM ${q(hit)} t WHERE ${spec.key
          .map((k) => `t.${q(k)} = ${src.columns.includes(k) ? `${q(src.table)}.${q(k)}` : value(src, k)}`)
          .join(' AND ')})`,
      );
    }
  }
  // 3. Rows written per file: the new keys left in the staging tables, and the changed ones.
  const { rows } = await tx.query<{ file_no: number; n: number }>(
    sql.__dangerous__rawValue(
      `SELECT file_no, count(*) AS n FROM (
         SELECT file_no FROM ${stage} s${fresh ? '' : ` UNION ALL SELECT file_no FROM ${q(changed)}`}
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
    `INSERT INTO ${spec.table} (${filled.join(', ')}) SELECT ${filled.map((c) => `s.${c}`).join(', ')} FROM ${stage} s`,
  );
  // Changed keys are stored ones, one row each: a plain UPDATE, which needs no key index (DuckDB
  // keeps none on the big ingest tables, see migration 11).
  if (!fresh) {
    const updates = spec.columns
      .map((c) => c.name)
      .filter((c) => !spec.key.includes(c) && !spec.keep.includes(c))
      .map((c) =>
        spec.sticky.includes(c) ? `${q(c)} = COALESCE(c.${q(c)}, t.${q(c)})` : `${q(c)} = c.${q(c)}`,
      );
    await tx.exec(
      `UPDATE ${spec.table} AS t SET ${updates.join(', ')} FROM ${q(changed)} c
       WHERE ${sameKey('t', 'c')}`,
    );
  }
  await tx.exec([...made, ...sources.map((src) => src.table)].map((t) => `DROP TABLE ${q(t)}`).join('; '));
  const changedByFile = new Map(rows.map((r) => [Number(r.file_no), Number(r.n)]));
  return { changed: [...changedByFile.values()].reduce((a, b) => a + b, 0), changedByFile };
}
