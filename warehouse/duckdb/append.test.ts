import { afterEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../open.ts';
import { sql } from '../sql.ts';
import type { Warehouse } from '../warehouse.ts';
import type { ColumnDef } from '../column-types.ts';
import { joinText, planBatch } from './append.ts';

const cols: Pick<ColumnDef, 'name' | 'type'>[] = [
  { name: 'source', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'line_no', type: 'integer' },
  { name: 'sku', type: 'text' },
  { name: 'quantity', type: 'double' },
  { name: 'unit_price', type: 'money' },
  { name: 'file_id', type: 'text' },
  { name: 'ingested_at', type: 'timestamptz' },
];
const at = new Date('2026-01-02T03:04:05.678Z');

describe('DuckDB load plan', () => {
  it('binds repeated values once, sends numbers and dates typed and joins the rest', () => {
    const plan = planBatch(
      cols.map((c) => c.type),
      [
        ['pos', 'a', 1, 'x', 1.5, '1.00', null, at],
        ['pos', 'b', 2, null, 2, '2.00', null, new Date(at.getTime())],
      ],
    );
    expect(plan.sources.map((s) => s.kind)).toEqual([
      'constant',
      'text',
      'number',
      'text',
      'number',
      'text',
      'constant',
      'constant',
    ]);
    expect(plan.joined).toBe(true);
  });

  it('joins text columns unless the data holds the separator or is the NULL mark', () => {
    const types = ['text', 'json'] as const;
    const join = (rows: unknown[][]) => joinText(types, planBatch(types, rows), rows);
    expect(
      join([
        ['a', { b: 1 }],
        [null, '\x1e\x1e'],
      ]),
    ).toEqual(['a\x1f{"b":1}', '\x1e\x1f\x1e\x1e']);
    expect(
      join([
        ['a\x1fb', 'c'],
        ['d', 'e'],
      ]),
    ).toBeNull();
    expect(
      join([
        ['\x1e', 'c'],
        ['d', 'e'],
      ]),
    ).toBeNull();
  });

  it('sends whole-number columns with fractions or bigints as text', () => {
    const plan = planBatch(
      ['bigint', 'integer'],
      [
        [1.5, 2n],
        [2, 3n],
      ],
    );
    expect(plan.sources.map((s) => s.kind)).toEqual(['text', 'text']);
  });
});

describe('DuckDB load', () => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });
  const open = async (): Promise<Warehouse> => {
    wh = (await openWarehouse({ engine: 'duckdb', path: ':memory:' }, { timezone: 'Asia/Shanghai' }))
      .warehouse;
    return wh;
  };
  const read = async (w: Warehouse) =>
    (
      await w.query(
        sql`SELECT source, order_id, line_no, sku, quantity, unit_price, file_id, ingested_at FROM core.order_lines ORDER BY order_id, line_no`,
      )
    ).rows;

  it.each([
    ['joined text', ['x', '', null]],
    ['text with separators', ['x\x1fy', '\x1e', null]],
    ['text with the NULL mark inside', ['x\x1ey', '\x1e\x1e', null]],
  ])('keeps NULL apart from the empty string (%s)', async (_, skus) => {
    const w = await open();
    const rows = skus.map((sku, i) => [
      'pos',
      `o${i}`,
      i + 1,
      sku,
      i === 2 ? null : i / 2,
      `${i}.50`,
      'f',
      at,
    ]);
    expect(await w.load('core.order_lines', cols, [rows])).toBe(3);
    expect(await read(w)).toEqual(
      skus.map((sku, i) => ({
        source: 'pos',
        order_id: `o${i}`,
        line_no: i + 1,
        sku,
        quantity: i === 2 ? null : i / 2,
        unit_price: i + 0.5,
        file_id: 'f',
        ingested_at: at,
      })),
    );
  });

  it('loads a batch whose every column is constant, and timestamps given as text', async () => {
    const w = await open();
    await w.load('core.order_lines', cols, [
      [['pos', 'o1', 1, 'x', 1, '1.00', null, '2026-01-02T11:04:05.678+08:00']],
      [
        ['pos', 'o2', 1, 'x', 1, '1.00', null, at],
        ['pos', 'o3', 1, 'x', 1, '1.00', null, at],
      ],
    ]);
    const rows = await read(w);
    expect(rows.map((r) => [r.order_id, r.ingested_at, r.file_id])).toEqual([
      ['o1', at, null],
      ['o2', at, null],
      ['o3', at, null],
    ]);
  });

  it('fails a load into a table that does not exist, even with no rows', async () => {
    const w = await open();
    await expect(w.load('core.nope', cols, [])).rejects.toThrow(/nope/);
  });
});
