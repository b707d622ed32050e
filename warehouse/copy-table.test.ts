import { afterEach, describe, expect, it } from 'vitest';
import { freshWarehouse, hasPostgres } from '../test/engines.ts';
import { copyTable, sql, type Warehouse } from './index.ts';

describe('copying tables between engines through Arrow', () => {
  const open: Warehouse[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((w) => w.close()));
  });

  it('moves every row and value from DuckDB to Postgres and back unchanged', async () => {
    if (!hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const duck = await freshWarehouse('duckdb', 'copy_src');
    const pg = await freshWarehouse('postgres', 'copy_dst');
    const back = await freshWarehouse('duckdb', 'copy_back');
    open.push(duck, pg, back);
    await duck.exec(`INSERT INTO core.source_records (source, source_key, full_name, birth_date, phones, attributes, source_updated_at, ingested_at)
      SELECT 'pos', 'm' || i, '王小' || i, DATE '1990-01-01' + CAST(i AS INTEGER), '["+8613900000000"]', CASE WHEN i % 2 = 0 THEN '{"tier":"gold"}' END,
             TIMESTAMPTZ '2025-01-01 00:00:00+00' + i * INTERVAL 1 MINUTE, TIMESTAMPTZ '2025-06-01 08:00:00+08'
      FROM range(2500) t(i)`);
    expect(await copyTable(duck, pg, 'core.source_records', 1000)).toBe(2500);
    expect(await copyTable(pg, back, 'core.source_records', 700)).toBe(2500);
    const q = sql`SELECT source_key, full_name, birth_date, phones, attributes, source_updated_at, ingested_at FROM core.source_records ORDER BY source_key`;
    const [a, b, c] = await Promise.all([duck.query(q), pg.query(q), back.query(q)]);
    expect(b.rows).toEqual(a.rows);
    expect(c.rows).toEqual(a.rows);
    // Ordered by key: m0, m1, m10, m100, ...
    expect(a.rows[3]).toEqual({
      source_key: 'm100',
      full_name: '王小100',
      birth_date: '1990-04-11',
      phones: ['+8613900000000'],
      attributes: { tier: 'gold' },
      source_updated_at: new Date('2025-01-01T01:40:00Z'),
      ingested_at: new Date('2025-06-01T00:00:00Z'),
    });
    expect(a.rows.length).toBe(2500);
  });
});
