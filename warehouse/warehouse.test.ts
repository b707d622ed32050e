import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, hasPostgres } from '../test/engines.ts';
import { sql, type ColumnDef, type Warehouse } from './index.ts';

const cols: Pick<ColumnDef, 'name' | 'type'>[] = [
  { name: 'source', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'ordered_at', type: 'timestamptz' },
  { name: 'status', type: 'text' },
  { name: 'currency', type: 'text' },
  { name: 'net_amount', type: 'money' },
  { name: 'attributes', type: 'json' },
  { name: 'ingested_at', type: 'timestamptz' },
];
const loadedAt = new Date('2026-01-02T03:04:05.678Z');
const orderRows = [
  [
    'pos',
    'r1',
    'store',
    '2025-01-01T10:00:00+08:00',
    'completed',
    'CNY',
    '12.345',
    { coupon: 'A', n: 1 },
    loadedAt,
  ],
  ['pos', 'r2', 'store', new Date('2025-01-01T16:30:00Z'), 'completed', 'CNY', -3.1, null, loadedAt],
  [
    'pos',
    'r3\ttab',
    'store',
    '2025-03-01T00:00:00Z',
    'refunded',
    'CNY',
    '1000000.005',
    ['x\ny', '\\'],
    loadedAt,
  ],
];

describe.each(ENGINES)('warehouse on %s', (engine) => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });
  const open = async (label: string, tz?: string): Promise<Warehouse> => {
    if (engine === 'postgres' && !hasPostgres()) return expect.fail('no PostgreSQL server from the harness');
    wh = await freshWarehouse(engine, label, tz);
    return wh;
  };

  it('bulk-loads every logical type and reads back the same JS values', async () => {
    const w = await open('load_types');
    expect(await w.load('core.orders', cols, [orderRows])).toBe(3);
    const { rows } = await w.query(
      sql`SELECT order_id, ordered_at, net_amount, attributes, ingested_at FROM core.orders ORDER BY order_id`,
    );
    expect(rows).toEqual([
      {
        order_id: 'r1',
        ordered_at: new Date('2025-01-01T02:00:00Z'),
        net_amount: 12.35,
        attributes: { coupon: 'A', n: 1 },
        ingested_at: loadedAt,
      },
      {
        order_id: 'r2',
        ordered_at: new Date('2025-01-01T16:30:00Z'),
        net_amount: -3.1,
        attributes: null,
        ingested_at: loadedAt,
      },
      {
        order_id: 'r3\ttab',
        ordered_at: new Date('2025-03-01T00:00:00Z'),
        net_amount: 1000000.01,
        attributes: ['x\ny', '\\'],
        ingested_at: loadedAt,
      },
    ]);
  });

  it('gives counts, dates and decimals the same shapes on both engines', async () => {
    const w = await open('shapes');
    const { rows, columns } = await w.query(
      sql`SELECT count(*) AS n, CAST('2024-02-29' AS date) AS d, CAST(${'7.25'} AS numeric(18,2)) AS m, CAST(${5} AS bigint) + 1 AS six, CAST(${true} AS boolean) AS yes, CAST(${null} AS text) IS NULL AS isnull`,
    );
    expect(rows).toEqual([{ n: 1, d: '2024-02-29', m: 7.25, six: 6, yes: true, isnull: true }]);
    expect(columns.map((c) => c.logical)).toEqual([
      'bigint',
      'date',
      'money',
      'bigint',
      'boolean',
      'boolean',
    ]);
  });

  it('turns timestamps into days in the configured time zone', async () => {
    const w = await open('timezone', 'Asia/Shanghai');
    const { rows } = await w.query(
      sql`SELECT CAST(CAST(${new Date('2025-01-01T17:00:00Z')} AS timestamptz) AS date) AS local_day`,
    );
    expect(rows[0]?.local_day).toBe('2025-01-02');
  });

  it('rolls a failed transaction back completely, loads included', async () => {
    const w = await open('rollback');
    await expect(
      w.transaction(async (tx) => {
        await tx.load('core.orders', cols, [orderRows.slice(0, 1)]);
        await tx.exec(
          `INSERT INTO ops.job_runs (run_id, job, status, started_at) VALUES ('r', 'j', 'running', now())`,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await w.query(
      sql`SELECT (SELECT count(*) FROM core.orders) AS orders, (SELECT count(*) FROM ops.job_runs) AS runs`,
    );
    expect(rows[0]).toEqual({ orders: 0, runs: 0 });
  });

  it('rejects a load with a bad value and writes nothing of it', async () => {
    const w = await open('bad_load');
    const bad = [
      ...orderRows.slice(0, 2),
      ['pos', 'r9', 'store', 'not a time', 'completed', 'CNY', 1, null, loadedAt],
    ];
    await expect(w.load('core.orders', cols, [bad])).rejects.toThrow();
    expect((await w.query(sql`SELECT count(*) AS n FROM core.orders`)).rows[0]?.n).toBe(0);
  });

  it('streams many batches through the fast path', async () => {
    const w = await open('batches');
    function* batches(): Generator<unknown[][]> {
      for (let b = 0; b < 5; b++) {
        yield Array.from({ length: 2000 }, (_, i) => [
          'pos',
          `o${b}-${i}`,
          'store',
          new Date(Date.UTC(2025, 0, 1, 0, i)),
          'completed',
          'CNY',
          (i % 100) + 0.5,
          null,
          loadedAt,
        ]);
      }
    }
    expect(await w.load('core.orders', cols, batches())).toBe(10_000);
    const { rows } = await w.query(sql`SELECT count(*) AS n, sum(net_amount) AS total FROM core.orders`);
    expect(rows[0]).toEqual({ n: 10_000, total: 5 * (20 * 4950 + 2000 * 0.5) });
  });

  it('hashes like Node and sorts text by code point, whatever the collation', async () => {
    const w = await open('dialect_hash');
    const d = w.dialect;
    const ids = ['C1', 'c1', 'a-b', 'ab', 'Z', '上海C12', 'é', "o'k", ''];
    const node = (id: string) => createHash('sha256').update(`spring\u0000${id}`).digest().readUInt32BE(0);
    await w.exec('CREATE TABLE ids (id VARCHAR)');
    await w.load('ids', [{ name: 'id', type: 'text' }], [ids.map((id) => [id])]);
    const { rows } = await w.query<{ id: string; h: number | bigint }>(
      sql`SELECT id, ${sql.__dangerous__rawValue(d.sha256Uint32([`CAST(${"'spring'"} AS VARCHAR)`, 'id']))} AS h
          FROM ids ORDER BY ${sql.__dangerous__rawValue(d.byCodePoint('id'))}`,
    );
    expect(rows.map((r) => [r.id, Number(r.h)])).toEqual(
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((id) => [id, node(id)]),
    );
  });

  it('reports a SQL error with the engine message', async () => {
    const w = await open('sql_error');
    await expect(w.query(sql`SELECT * FROM core.no_such_table`)).rejects.toMatchObject({
      name: 'WarehouseQueryError',
      message: expect.stringMatching(/no_such_table/),
    });
  });
});
