import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse } from '../test/engines.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { readSourceRecords, type SourceRecord } from './records.ts';

const COLUMNS = [
  ['source', 'text'],
  ['source_key', 'text'],
  ['full_name', 'text'],
  ['birth_date', 'date'],
  ['phone', 'text'],
  ['phones', 'json'],
  ['email', 'text'],
  ['city', 'text'],
  ['attributes', 'json'],
  ['source_updated_at', 'timestamptz'],
  ['ingested_at', 'timestamptz'],
] as const;

const ROWS = [
  [
    'pos',
    'pos_member:1',
    '张伟',
    '1990-03-07',
    '+8613912345678',
    ['+8613912345678', '+8613700000000'],
    null,
    '上海市',
    null,
    new Date('2025-03-01T12:00:00.123Z'),
    new Date('2025-06-01T00:00:00Z'),
  ],
  [
    'pos',
    'pos_member:10',
    'Zhang, Wei',
    null,
    null,
    null,
    'zw@example.com',
    null,
    { note: 'x' },
    null,
    new Date('2025-06-01T00:00:00Z'),
  ],
  [
    'ecommerce',
    'ecommerce_receiver:7',
    "O'Brien",
    null,
    '+8613912345678',
    ['+8613912345678'],
    null,
    null,
    { buyer_source_key: 'ecommerce_buyer:9' },
    null,
    new Date('2025-06-02T00:00:00Z'),
  ],
  ['Pos', 'a', null, null, null, [], null, null, null, null, new Date('2025-06-01T00:00:00Z')],
];

describe('readSourceRecords', () => {
  const open: Warehouse[] = [];
  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
  });

  it('reads the same records in the same order on every engine', async () => {
    const results: SourceRecord[][] = [];
    for (const engine of ENGINES) {
      const wh = await freshWarehouse(engine, 'identity_read');
      open.push(wh);
      await wh.load(
        'core.source_records',
        COLUMNS.map(([name, type]) => ({ name, type })),
        [ROWS],
      );
      results.push(await readSourceRecords(wh, wh.dialect));
    }
    expect(results[0]!.map((r) => r.sourceKey)).toEqual([
      'a',
      'ecommerce_receiver:7',
      'pos_member:1',
      'pos_member:10',
    ]);
    expect(results[0]![2]).toMatchObject({
      fullName: '张伟',
      birthDate: '1990-03-07',
      phones: ['+8613912345678', '+8613700000000'],
      city: '上海市',
      seenAt: new Date('2025-03-01T12:00:00.123Z'),
    });
    expect(results[0]![1]).toMatchObject({
      fullName: "O'Brien",
      linkedKey: 'ecommerce_buyer:9',
      phones: ['+8613912345678'],
    });
    expect(results[0]![3]).toMatchObject({
      fullName: 'Zhang, Wei',
      phones: [],
      emails: ['zw@example.com'],
      birthDate: null,
    });
    expect(results[1]).toEqual(results[0]);
  });
});
