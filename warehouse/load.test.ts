import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, hasPostgres } from '../test/engines.ts';
import { sql, type ColumnDef, type LogicalType, type Warehouse } from './index.ts';

// load() must give back exactly what it was given (in the shared JS shapes of values.ts), on both
// engines, whatever the text holds: the characters COPY's text format gives a meaning (tab, line
// breaks, backslash, its NULL mark), control characters, non-BMP characters, empty strings. A
// string for a json column is JSON text.
const TYPES: readonly LogicalType[] = [
  'text',
  'integer',
  'bigint',
  'double',
  'money',
  'boolean',
  'date',
  'timestamptz',
  'json',
];
const cols: Pick<ColumnDef, 'name' | 'type'>[] = [
  { name: 'id', type: 'integer' },
  ...TYPES.map((type) => ({ name: `c_${type}`, type })),
];

const TEXTS = [
  '',
  ' ',
  'plain',
  'tab\there',
  'line\nbreak',
  'cr\rand crlf\r\n',
  'back\\slash \\N \\t \\\\',
  '\\N',
  '\\.',
  'N',
  'NULL',
  'ctrl \x01\x08\x0b\x0c\x1b\x1f\x7f end',
  '上海市浦东新区 é ü ß 😀 \u{10ffff}',
  '\u2028\u2029\ufeff',
  '"quoted", \'single\'',
  ' padded ',
  '\t\n\r\\',
];

/** One row per case: [id, text, integer, bigint, double, money, boolean, date, timestamptz, json]. */
const ROWS: unknown[][] = [
  ...TEXTS.map((t, i) => [i, t, null, null, null, null, null, null, null, { t }]),
  [100, null, 0, 0, 0, '0.00', false, '1970-01-01', new Date(0), []],
  [
    101,
    42,
    -1,
    -9007199254740991,
    -0.5,
    '-0.50',
    true,
    '2024-02-29',
    new Date('1969-12-31T23:59:59.999Z'),
    {},
  ],
  [
    102,
    'x',
    2147483647,
    9007199254740991,
    1.5e-7,
    '12.5',
    true,
    new Date('2025-03-01T00:00:00Z'),
    '2025-01-01T10:00:00+08:00',
    [1, 'a\tb', null, true, { n: -2.5 }],
  ],
  [
    103,
    'y',
    -2147483648,
    '123456789012',
    123456.789,
    12.345,
    false,
    '2025-12-31',
    new Date('2025-06-30T12:34:56.789Z'),
    { nested: { a: ['x\ny', '\\', '\u0001'] }, '': '' },
  ],
  [104, 'z', 7, 5n, 1e21, '1000000.005', null, null, '2025-03-01T00:00:00Z', '{"as":"text"}'],
  [
    105,
    'w',
    null,
    null,
    -1e-300,
    '-99999999.99',
    null,
    null,
    new Date('2100-01-01T00:00:00.001Z'),
    '"a string\\t"',
  ],
  [106, 'v', null, null, 3, 7, null, null, null, 0],
  [107, 'u', null, null, null, '00.10', null, null, null, ['上海', '😀']],
];

const EXPECTED = [
  ...TEXTS.map((t, i) => ({
    id: i,
    c_text: t,
    c_integer: null,
    c_bigint: null,
    c_double: null,
    c_money: null,
    c_boolean: null,
    c_date: null,
    c_timestamptz: null,
    c_json: { t },
  })),
  {
    id: 100,
    c_text: null,
    c_integer: 0,
    c_bigint: 0,
    c_double: 0,
    c_money: 0,
    c_boolean: false,
    c_date: '1970-01-01',
    c_timestamptz: new Date(0),
    c_json: [],
  },
  {
    id: 101,
    c_text: '42',
    c_integer: -1,
    c_bigint: -9007199254740991,
    c_double: -0.5,
    c_money: -0.5,
    c_boolean: true,
    c_date: '2024-02-29',
    c_timestamptz: new Date('1969-12-31T23:59:59.999Z'),
    c_json: {},
  },
  {
    id: 102,
    c_text: 'x',
    c_integer: 2147483647,
    c_bigint: 9007199254740991,
    c_double: 1.5e-7,
    c_money: 12.5,
    c_boolean: true,
    c_date: '2025-03-01',
    c_timestamptz: new Date('2025-01-01T02:00:00Z'),
    c_json: [1, 'a\tb', null, true, { n: -2.5 }],
  },
  {
    id: 103,
    c_text: 'y',
    c_integer: -2147483648,
    c_bigint: 123456789012,
    c_double: 123456.789,
    c_money: 12.35,
    c_boolean: false,
    c_date: '2025-12-31',
    c_timestamptz: new Date('2025-06-30T12:34:56.789Z'),
    c_json: { nested: { a: ['x\ny', '\\', '\u0001'] }, '': '' },
  },
  {
    id: 104,
    c_text: 'z',
    c_integer: 7,
    c_bigint: 5,
    c_double: 1e21,
    c_money: 1000000.01,
    c_boolean: null,
    c_date: null,
    c_timestamptz: new Date('2025-03-01T00:00:00Z'),
    c_json: { as: 'text' },
  },
  {
    id: 105,
    c_text: 'w',
    c_integer: null,
    c_bigint: null,
    c_double: -1e-300,
    c_money: -99999999.99,
    c_boolean: null,
    c_date: null,
    c_timestamptz: new Date('2100-01-01T00:00:00.001Z'),
    c_json: 'a string\t',
  },
  {
    id: 106,
    c_text: 'v',
    c_integer: null,
    c_bigint: null,
    c_double: 3,
    c_money: 7,
    c_boolean: null,
    c_date: null,
    c_timestamptz: null,
    c_json: 0,
  },
  {
    id: 107,
    c_text: 'u',
    c_integer: null,
    c_bigint: null,
    c_double: null,
    c_money: 0.1,
    c_boolean: null,
    c_date: null,
    c_timestamptz: null,
    c_json: ['上海', '😀'],
  },
];

describe.each(ENGINES)('load() round trip on %s', (engine) => {
  let wh: Warehouse | undefined;
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
  });
  const open = async (label: string): Promise<Warehouse> => {
    if (engine === 'postgres' && !hasPostgres()) return expect.fail('no PostgreSQL server from the harness');
    const w = await freshWarehouse(engine, label);
    wh = w;
    await w.exec(
      `CREATE TABLE rt (${cols.map((c) => `${c.name} ${w.dialect.columnType(c.type)}`).join(', ')})`,
    );
    return w;
  };
  const readBack = async (w: Warehouse) =>
    (
      await w.query(
        sql`SELECT ${sql.join(
          cols.map((c) => sql.ident(c.name)),
          sql`, `,
        )} FROM rt ORDER BY id`,
      )
    ).rows;

  it('gives back every value of every type as it was given', async () => {
    const w = await open('load_round_trip');
    expect(await w.load('rt', cols, [ROWS])).toBe(ROWS.length);
    expect(await readBack(w)).toEqual(EXPECTED);
  });

  it('gives back the same across batches and write chunks, with values repeating across rows', async () => {
    const w = await open('load_round_trip_batches');
    // The same objects in every row (as a loader's source, file and load time are), equal values in
    // distinct objects, and instants over 60 years on both sides of 1970, across batch boundaries
    // and write chunks.
    const at = new Date('2026-01-02T03:04:05.678Z');
    const checksum = JSON.stringify(`${'a017fc60\t上海'.repeat(8)}\\`);
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      i,
      i % 3 === 0 ? 'same' : TEXTS[i % TEXTS.length],
      i % 7,
      null,
      null,
      i % 2 ? '1.50' : null,
      null,
      null,
      i % 5 === 0 ? at : new Date(at.getTime() - Math.floor(i / 3) * 300_000_001),
      checksum,
    ]);
    async function* batches(): AsyncGenerator<unknown[][]> {
      for (let i = 0; i < rows.length; i += 7000) yield rows.slice(i, i + 7000);
    }
    expect(await w.load('rt', cols, batches())).toBe(rows.length);
    const back = await readBack(w);
    expect(back.map((r) => [r.id, r.c_text, r.c_integer, r.c_money, r.c_timestamptz, r.c_json])).toEqual(
      rows.map((r) => [
        r[0],
        r[1],
        r[2],
        r[5] === null ? null : 1.5,
        new Date((r[8] as Date).getTime()),
        JSON.parse(checksum),
      ]),
    );
  });

  it('carries a value longer than a write chunk', async () => {
    const w = await open('load_long_value');
    const long = `${'上海\t\\n'.repeat(400_000)}end`;
    expect(
      await w.load('rt', cols.slice(0, 2), [
        [
          [1, long],
          [2, 'short'],
        ],
      ]),
    ).toBe(2);
    const { rows } = await w.query(sql`SELECT id, c_text FROM rt ORDER BY id`);
    expect(rows).toEqual([
      { id: 1, c_text: long },
      { id: 2, c_text: 'short' },
    ]);
  });
});
