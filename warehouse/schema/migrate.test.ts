import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshTarget, hasPostgres, type Engine } from '../../test/engines.ts';
import {
  MIGRATIONS,
  currentContract,
  migrate,
  openWarehouse,
  quoteIdent,
  quoteTable,
  sql,
  sqlString,
  type ColumnDef,
  type Migration,
  type TableDef,
  type Warehouse,
} from '../index.ts';

const broken: Migration = {
  version: 99,
  name: 'half good, half bad',
  steps: [
    { kind: 'createSchema', schema: 'scratch' },
    {
      kind: 'createTable',
      table: {
        name: 'scratch.good',
        grain: 'g',
        description: 'd',
        columns: [{ name: 'id', type: 'text', description: 'x' }],
      },
    },
    { kind: 'sql', duckdb: 'SELECT * FROM scratch.missing', postgres: 'SELECT * FROM scratch.missing' },
  ],
};

// DuckDB's names for the storage hints, as pragma_storage_info reports them.
const STORED = { dictionary: 'Dictionary', fsst: 'FSST' } as const;
const hinted = () => currentContract().filter((t) => t.columns.some((c) => c.compression));

// A value per row that DuckDB left to choose would not store as the column's hint: 3 distinct
// strings (it picks a dictionary) for FSST, a different one per row (FSST) for a dictionary.
function sampleValue(c: ColumnDef): string {
  const text =
    c.compression === 'fsst'
      ? `'${c.name} ' || CAST(i % 3 AS VARCHAR)`
      : `'${c.name} ' || CAST(i AS VARCHAR)`;
  if (c.type === 'text') return text;
  if (c.type === 'json') return `to_json(${text})`;
  if (c.type === 'boolean') return 'true';
  if (c.type === 'date') return `DATE '2025-03-01'`;
  if (c.type === 'timestamptz') return 'now()';
  return 'i';
}

// Fills every hinted DuckDB table with 2000 rows and returns how each hinted column was stored.
async function storedHints(wh: Warehouse, from: number): Promise<Record<string, string[]>> {
  const stored: Record<string, string[]> = {};
  for (const t of hinted()) {
    const cols = t.columns.map((c) => quoteIdent(c.name)).join(', ');
    await wh.exec(
      `INSERT INTO ${quoteTable(t.name)} (${cols}) SELECT ${t.columns.map(sampleValue).join(', ')} FROM range(${from}, ${from + 2000}) r(i)`,
    );
  }
  await wh.exec('CHECKPOINT');
  for (const t of hinted()) {
    const { rows } = await wh.query<{ c: string; compression: string }>(
      sql`SELECT DISTINCT column_name AS c, compression FROM pragma_storage_info(${sql.__dangerous__rawValue(sqlString(t.name))})
          WHERE segment_type <> 'VALIDITY' ORDER BY 1, 2`,
    );
    for (const c of t.columns.filter((c) => c.compression))
      stored[`${t.name}.${c.name}`] = rows.filter((r) => r.c === c.name).map((r) => r.compression);
  }
  return stored;
}

const expectedHints = () =>
  Object.fromEntries(
    hinted().flatMap((t: TableDef) =>
      t.columns.filter((c) => c.compression).map((c) => [`${t.name}.${c.name}`, [STORED[c.compression!]]]),
    ),
  );

describe.each(ENGINES)('migrations on %s', (engine: Engine) => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });
  const open = async (label: string, migrateOnOpen = true) => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const target = await freshTarget(engine, label);
    const opened = await openWarehouse(target, { migrate: migrateOnOpen });
    wh = opened.warehouse;
    return { ...opened, target };
  };

  it('creates every contract table with its columns, and records the versions', async () => {
    const { warehouse, migrations } = await open('creates');
    expect(migrations?.applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await warehouse.query<{ t: string; c: string }>(
      sql`SELECT table_schema || '.' || table_name AS t, column_name AS c FROM information_schema.columns
          WHERE table_schema IN ('core', 'ops', 'identity', 'marts', 'raw')`,
    );
    const actual = new Map<string, string[]>();
    for (const r of rows) actual.set(r.t, [...(actual.get(r.t) ?? []), r.c]);
    for (const table of currentContract()) {
      expect(actual.get(table.name)?.sort(), table.name).toEqual(table.columns.map((c) => c.name).sort());
    }
  });

  it('is idempotent: a second run applies nothing and changes nothing', async () => {
    const { warehouse } = await open('idempotent');
    const again = await migrate(warehouse);
    expect(again.applied).toEqual([]);
    const { rows } = await warehouse.query(sql`SELECT count(*) AS n FROM ops.migrations`);
    expect(rows[0]?.n).toBe(MIGRATIONS.length);
  });

  it('leaves nothing of a failing migration behind', async () => {
    const { warehouse } = await open('failing');
    await expect(migrate(warehouse, [...MIGRATIONS, broken])).rejects.toThrow(
      /migration 99 \(half good, half bad\) failed and was rolled back/,
    );
    const { rows } = await warehouse.query(
      sql`SELECT (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'scratch') AS tables,
                 (SELECT count(*) FROM ops.migrations WHERE version = 99) AS recorded`,
    );
    expect(rows[0]).toEqual({ tables: 0, recorded: 0 });
  });

  it('setKeyIndex keeps the rows; DuckDB drops the key index, Postgres keeps its primary key', async () => {
    const { warehouse } = await open('key-index', false);
    await migrate(
      warehouse,
      MIGRATIONS.filter((m) => m.version < 11),
    );
    await warehouse.exec(
      `INSERT INTO core.orders (source, order_id, channel, ordered_at, status, currency, ingested_at)
       VALUES ('pos', 'SH01:1', 'store', now(), 'completed', 'CNY', now())`,
    );
    const withKey = async () =>
      (
        await warehouse.query<{ n: number }>(
          sql`SELECT count(*) AS n FROM information_schema.table_constraints
              WHERE table_schema = 'core' AND table_name = 'orders' AND constraint_type = 'PRIMARY KEY'`,
        )
      ).rows[0]!.n;
    expect(await withKey()).toBe(1);
    await migrate(warehouse);
    expect(await withKey()).toBe(engine === 'duckdb' ? 0 : 1);
    const { rows } = await warehouse.query(sql`SELECT source, order_id, channel FROM core.orders`);
    expect(rows).toEqual([{ source: 'pos', order_id: 'SH01:1', channel: 'store' }]);
    expect(currentContract().find((t) => t.name === 'core.orders')?.keyIndex).toBe('postgres');
  });

  it('replaceColumn keeps the rows: raw records stored as JSON before migration 14 become its text', async () => {
    const { warehouse } = await open('raw-text', false);
    await migrate(
      warehouse,
      MIGRATIONS.filter((m) => m.version < 14),
    );
    await warehouse.query(
      sql`INSERT INTO raw.pos_receipt_lines (source, checksum, record_no, line, record, ingested_at)
          VALUES ('pos', 'abc', 1, 2, ${JSON.stringify({ sku: 'SKU1', qty: '2', note: '含"引号"' })}, now())`,
    );
    await migrate(warehouse);
    const { rows } = await warehouse.query<{ raw: string }>(
      sql`SELECT source, checksum, record_no, line, raw FROM raw.pos_receipt_lines`,
    );
    expect(rows.map(({ raw, ...rest }) => ({ ...rest, raw: JSON.parse(raw) as unknown }))).toEqual([
      {
        source: 'pos',
        checksum: 'abc',
        record_no: 1,
        line: 2,
        raw: { sku: 'SKU1', qty: '2', note: '含"引号"' },
      },
    ]);
    const columns = currentContract().find((t) => t.name === 'raw.pos_receipt_lines')?.columns;
    expect(columns?.map((c) => c.name)).toEqual([
      'source',
      'checksum',
      'record_no',
      'line',
      'raw',
      'ingested_at',
    ]);
  });

  it('setCompression keeps the rows, columns, types and keys of a populated warehouse', async () => {
    const { warehouse } = await open('hints-upgrade', false);
    await migrate(
      warehouse,
      MIGRATIONS.filter((m) => m.version < 16),
    );
    const series = engine === 'duckdb' ? 'range(3) r(i)' : 'generate_series(0, 2) r(i)';
    await warehouse.exec(
      `INSERT INTO raw.pos_receipt_lines (source, checksum, record_no, line, raw, ingested_at)
       SELECT 'pos', 'abc', i + 1, i + 2, 'SH01,' || CAST(i AS VARCHAR), now() FROM ${series};
       INSERT INTO core.orders (source, order_id, channel, ordered_at, status, currency, attributes, ingested_at)
       VALUES ('pos', 'SH01:1', 'store', now(), 'completed', 'CNY', '{"till":"7"}', now())`,
    );
    const shape = async () =>
      (
        await warehouse.query(
          sql`SELECT c.table_schema, c.table_name, c.column_name, c.ordinal_position, c.data_type, c.is_nullable,
                     (SELECT count(*) FROM information_schema.table_constraints k
                      WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name) AS constraints
              FROM information_schema.columns c
              WHERE c.table_schema IN ('core', 'ops', 'identity', 'marts', 'raw')
              ORDER BY 1, 2, 4`,
        )
      ).rows;
    const before = await shape();
    await migrate(warehouse);
    expect(await shape()).toEqual(before);
    const raw = await warehouse.query(
      sql`SELECT source, checksum, record_no, line, raw FROM raw.pos_receipt_lines ORDER BY record_no`,
    );
    expect(raw.rows).toEqual(
      [0, 1, 2].map((i) => ({
        source: 'pos',
        checksum: 'abc',
        record_no: i + 1,
        line: i + 2,
        raw: `SH01,${i}`,
      })),
    );
    const orders = await warehouse.query(sql`SELECT order_id, channel, attributes FROM core.orders`);
    expect(orders.rows).toEqual([{ order_id: 'SH01:1', channel: 'store', attributes: { till: '7' } }]);
  });

  it.runIf(engine === 'duckdb')(
    'DuckDB stores every hinted column as its hint says, fresh or upgraded, and after a reopen',
    async () => {
      expect(expectedHints()).toMatchObject({
        'raw.pos_receipt_lines.raw': ['FSST'],
        'raw.pos_receipt_lines.checksum': ['Dictionary'],
        'core.orders.attributes': ['FSST'],
      });
      const fresh = await open('hints-fresh');
      expect(await storedHints(fresh.warehouse, 0)).toEqual(expectedHints());
      await fresh.warehouse.close();
      wh = (await openWarehouse(fresh.target)).warehouse;
      expect(await storedHints(wh, 2000)).toEqual(expectedHints());
      await wh.close();

      const { warehouse } = await open('hints-upgraded', false);
      await migrate(
        warehouse,
        MIGRATIONS.filter((m) => m.version < 16),
      );
      await storedHints(warehouse, 0);
      await migrate(warehouse);
      await warehouse.exec('CHECKPOINT');
      expect(await storedHints(warehouse, 2000)).toEqual(expectedHints());
      const { rows } = await warehouse.query(sql`SELECT count(*) AS n FROM raw.pos_receipt_lines`);
      expect(rows[0]?.n).toBe(4000);
    },
  );

  it('replaceColumn takes the new storage hint: a hinted text column becomes an integer', async () => {
    const { warehouse } = await open('hint-replace', false);
    const table: TableDef = {
      name: 'scratch.counts',
      grain: 'g',
      description: 'd',
      columns: [
        { name: 'id', type: 'text', description: 'x', compression: 'fsst' },
        { name: 'n', type: 'text', description: 'x', compression: 'dictionary' },
      ],
    };
    const steps = (n: ColumnDef): Migration => ({
      version: 2,
      name: 'n as a number',
      steps: [
        {
          kind: 'replaceColumn',
          table: 'scratch.counts',
          column: 'n',
          with: n,
          using: { duckdb: 'CAST("n" AS INTEGER)', postgres: '"n"::integer' },
        },
      ],
    });
    const create: Migration = {
      version: 1,
      name: 'counts',
      steps: [
        { kind: 'createSchema', schema: 'scratch' },
        { kind: 'createTable', table },
      ],
    };
    await migrate(warehouse, [create]);
    await warehouse.exec(`INSERT INTO scratch.counts VALUES ('a', '1'), ('b', '22')`);
    await migrate(warehouse, [create, steps({ name: 'n', type: 'integer', description: 'x' })]);
    const { rows } = await warehouse.query(sql`SELECT id, n FROM scratch.counts ORDER BY id`);
    expect(rows).toEqual([
      { id: 'a', n: 1 },
      { id: 'b', n: 22 },
    ]);
  });

  it('refuses to run over an applied migration that was edited', async () => {
    const { warehouse } = await open('edited');
    const first = MIGRATIONS[0]!;
    const edited: Migration = { ...first, steps: first.steps.slice(1) };
    await expect(migrate(warehouse, [edited])).rejects.toThrow(/changed after it was applied/);
  });
});
