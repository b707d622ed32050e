import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINES, freshWarehouse, hasPostgres, type Engine } from '../../test/engines.ts';
import { writeTree } from '../../test/files.ts';
import { sql, type Warehouse } from '../../warehouse/index.ts';
import { detectEncoding } from '../files/decode.ts';
import { plainCsv } from '../files/csv-preflight.ts';
import { getConnector, ingest } from '../index.ts';
import { FieldReader } from '../map/field-reader.ts';
import { posReceiptLines } from '../sources/pos/receipt-lines.ts';
import { planPushdown } from './pushdown.ts';
import {
  fixedOffsetSeconds,
  plainForm,
  plainLineRegex,
  plainTimestampSql,
  type FieldColumn,
} from './pushdown-fields.ts';
import type { PushedRead } from '../connector.ts';

const HEADER =
  'store_code,till_no,receipt_no,member_card_no,member_phone,txn_time,sku,category,qty,unit_price,discount,line_amount,payment_method';

// Values of every kind the record-by-record mapping treats specially: placeholders, full-width
// forms, spaces, malformed and odd-but-valid values, so both ways meet them all. The first of each
// list is the common case; the others come now and then.
const STORES = [
  ['SH01', 'BJ01'],
  [' SH01', 'ＳＨ０１', 'sh01', '', 'NULL'],
];
const TILLS = [
  ['T1', 'T2'],
  ['', 'null', 'T 1', '１'],
];
const CARDS = [
  ['', '6688001', '6688002'],
  ['NULL', ' 6688003 ', '６６８８', 'n/a', 'abc'],
];
const PHONES = [
  ['', '13912345678'],
  ['+86 139 1234 5678', '139****5678', '1.3912345678E10', 'abc', '021-12345678', '１３９１２３４５６７８'],
];
const TIMES = [
  ['2025-03-01 10:15:00', '2025-03-01 23:30:00', '2025-02-28 08:05:09'],
  [
    ' 2025-03-01 10:15:00',
    '2025-03-01 10:15:00 ',
    '2025-03-01  10:15:00',
    '2025-03-01 24:00:00',
    '2025-03-01 10:15:00.5',
    '2025-03-01T10:15:00',
    '2025-03-01 10:15',
    '2025-02-28 23:59:59',
    '2025-04-31 10:00:00',
    '1899-12-31 23:59:59',
    '２０２５-03-01 10:15:00',
    '2025/03/02 08:00',
    '20250301103000',
    '',
    'NULL',
    '2025-02-30 10:00:00',
    'yesterday',
    '2025-03-01T10:00:00+08:00',
    '1740795000',
    '2025年3月1日 10时30分',
    '0000-00-00 00:00:00',
  ],
];
const SKUS = [
  ['SKU1', 'SKU2', 'SKU3'],
  ['', ' SKU4', 'SKU 5', '商品A', '-', '123'],
];
const CATEGORIES = [
  ['口罩', '零食', 'Snacks'],
  ['', 'NULL', ' 日用品 ', 'n/a', 'a\\b', 'tab\there', 'ctl\x02x'],
];
const QTYS = [
  ['1', '2', '3'],
  ['1.5', '-1', 'abc', '', '1e1', '1,000', '２', ' 2', '0', '007', '0.333'],
];
const PRICES = [
  ['25.00', '9.90', '12.50', '0.50'],
  ['12.5', '¥12.50', '12.505', '', 'abc', '-3.00', '(3.00)', '1,234.00', '12.50元', '０.５０', '00.50', '.5'],
];
const DISCOUNTS = [
  ['0.00', '1.00'],
  ['', 'abc', 'NULL', '1', '-1.00'],
];
const PAYMENTS = [
  ['微信支付', '支付宝', '现金'],
  ['WeChat', 'CASH', '', 'NULL', '银行卡', 'Other Pay'],
];

/**
 * A POS export of `receipts` receipts (1-4 lines each) with every kind of oddity, from a seed;
 * `tidy` leaves out lines of the wrong number of fields (and with `repeats` false, receipts exported
 * twice and lines naming another till than their receipt's first). The first `cleanFirst` receipts
 * have common values only, and no returns (negative quantities and amounts are not plain).
 */
function messyExport(
  seed: number,
  receipts: number,
  extraColumns = false,
  times = TIMES,
  tidy: { repeats: boolean } | null = null,
  cleanFirst = 0,
): string {
  let s = seed;
  const rand = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
  let clean = false;
  const pick = ([common, odd]: string[][]): string => {
    const values = clean || rand(100) < 92 ? common! : odd!;
    return values[rand(values.length)]!;
  };
  const lines = [extraColumns ? `${HEADER},1,note` : HEADER];
  let receipt = 1;
  for (let r = 0; r < receipts; r++) {
    clean = r < cleanFirst;
    const head = [
      pick(STORES),
      pick(TILLS),
      String(receipt).padStart(6, '0'),
      pick(CARDS),
      pick(PHONES),
      pick(times),
    ];
    const payment = pick(PAYMENTS);
    const returns = rand(6) === 0 && !clean;
    for (let l = 1 + rand(4); l > 0; l--) {
      let qty = pick(QTYS);
      if (returns && /^\d+$/.test(qty)) qty = `-${qty}`;
      const price = pick(PRICES);
      const discount = pick(DISCOUNTS);
      const p = /^\d+\.\d\d$/.test(price) ? Math.round(Number(price) * 100) : null;
      const d = /^\d+\.\d\d$/.test(discount) ? Math.round(Number(discount) * 100) : 0;
      const amount =
        p !== null && /^-?\d+$/.test(qty) && rand(30) > 0
          ? ((Math.round(Number(qty) * p) - d) / 100).toFixed(2)
          : pick(PRICES);
      // Some lines name another till or card than the first line of their receipt.
      const line = [...head, pick(SKUS), pick(CATEGORIES), qty, price, discount, amount, payment];
      if (rand(10) === 0 && tidy?.repeats !== false) line[1] = pick(TILLS);
      if (rand(10) === 0) line[3] = pick(CARDS);
      if (extraColumns) line.push(String(rand(9)), ['x', '', 'note'][rand(3)]!);
      let text = (tidy ? line.map((v) => v.replaceAll(',', ';')) : line).join(',');
      if (rand(80) === 0 && !tidy && !clean) text = line.slice(0, 5 + rand(5)).join(',');
      if (rand(100) === 0 && !tidy && !clean) text += ',extra';
      if (rand(300) === 0 && !tidy && !clean) text = ' ';
      lines.push(text);
    }
    // Receipt numbers sometimes repeat later in the file, as in two exports of one day.
    receipt = rand(12) === 0 && tidy?.repeats !== false ? Math.max(1, receipt - rand(5)) : receipt + 1;
  }
  return lines.join('\n') + '\n';
}

/** Text as GBK bytes (characters GBK lacks become '?'), as a Chinese till writes its exports. */
function encodeGbk(text: string): Buffer {
  const codes = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && !codes.has(ch)) codes.set(ch, [lead, trail]);
    }
  }
  return Buffer.from(
    [...text].flatMap((ch) => (ch < '\x80' ? [ch.charCodeAt(0)] : (codes.get(ch) ?? [0x3f]))),
  );
}

const TABLES: [string, string][] = [
  ['raw.pos_receipt_lines', 'source, checksum, record_no'],
  ['core.orders', 'source, order_id'],
  ['core.order_lines', 'source, order_id, line_no'],
  ['core.source_records', 'source, source_key'],
  ['ops.quarantine', 'source, checksum, record_no'],
  ['ops.ingested_files', 'source, checksum'],
];

/** Every row ingest wrote; load times as whether they are their file's (they differ between two runs). */
async function contents(w: Warehouse): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of TABLES) {
    const time = table === 'ops.quarantine' ? 'quarantined_at' : 'ingested_at';
    const file = table.startsWith('core.') ? 'file_id' : 'checksum';
    const { rows } = await w.query(
      sql.__dangerous__rawValue(
        `SELECT t.*,
           t.${time} = (SELECT f.ingested_at FROM ops.ingested_files f WHERE f.checksum = t.${file}) AS file_time
         FROM ${table} t ORDER BY ${order}`,
      ),
    );
    out[table] = rows.map(({ ingested_at: _i, quarantined_at: _q, ...rest }) => rest);
  }
  return out;
}

const ingestAll = (w: Warehouse, dirs: string[], pushdown: 'always' | 'never', timezone = 'Asia/Shanghai') =>
  dirs.reduce<Promise<unknown[]>>(
    async (done, dir) => [
      ...(await done),
      (await ingest(w, getConnector('pos'), [dir], { timezone, pushdown })).files,
    ],
    Promise.resolve([]),
  );

/** What FieldReader.timestamp makes of a raw value in a zone. */
const nodeTimestamp = (raw: string, timezone: string): Date | null =>
  new FieldReader(
    { recordNo: 0, line: 0, byteOffset: null, raw, fields: { t: raw } },
    { source: 'test', timezone, currency: 'CNY', file: 'test.csv' },
  ).timestamp('t');

// Timestamps in and out of the plain form: every day of leap and common years (1900 and 2100 are
// not leap years, 2000 is), times at the edges of the day, and the near misses.
const PLAIN_TIMESTAMPS = [1900, 1969, 2000, 2024, 2025, 2100, 9999].flatMap((year) =>
  Array.from({ length: year % 4 === 0 && year !== 1900 && year !== 2100 ? 366 : 365 }, (_, d) => {
    const day = d === 365 ? '02-29' : new Date(Date.UTC(2001, 0, 1 + d)).toISOString().slice(5, 10);
    return `${year}-${day} ${['00:00:00', '23:59:59', '12:34:56', '09:05:01'][d % 4]!}`;
  }),
);
const NOT_PLAIN_TIMESTAMPS = [
  '2025-02-29 10:00:00',
  '1900-02-29 10:00:00',
  '2100-02-29 10:00:00',
  '2025-04-31 10:00:00',
  '2025-13-01 10:00:00',
  '2025-00-01 10:00:00',
  '2025-03-00 10:00:00',
  '2025-03-01 24:00:00',
  '2025-03-01 23:60:00',
  '2025-03-01 23:59:60',
  ' 2025-03-01 10:00:00',
  '2025-03-01 10:00:00 ',
  '2025-03-01  10:00:00',
  '2025-03-01T10:00:00',
  '2025-03-01 10:00:00.5',
  '2025-03-01 10:00:00.123',
  '2025-03-01 10:00',
  '2025-3-1 10:00:00',
  '2025/03/01 10:00:00',
  '2025-03-01 10:00:00+08:00',
  '1899-12-31 23:59:59',
  '0000-00-00 00:00:00',
  '10000-01-01 00:00:00',
  '+2025-03-01 10:00:00',
  '２０２５-03-01 10:00:00',
  '20250301100000',
  '',
];

describe('the fixed offset of plain timestamps', () => {
  it.each([
    ['Asia/Shanghai', '2025-03-01 00:00:00', '2025-03-01 23:59:59', 8 * 3600],
    ['Asia/Shanghai', '2025-01-01 00:00:00', '2025-02-28 23:59:59', 8 * 3600],
    // Daylight saving time from 1986 to 1991.
    ['Asia/Shanghai', '1988-04-01 00:00:00', '1988-04-30 00:00:00', null],
    ['Asia/Shanghai', '1988-06-01 00:00:00', '1988-06-30 00:00:00', 9 * 3600],
    ['Asia/Kolkata', '2025-03-01 00:00:00', '2025-03-01 23:59:59', 5.5 * 3600],
    ['America/New_York', '2025-07-01 00:00:00', '2025-07-31 23:59:59', -4 * 3600],
    ['America/New_York', '2025-01-10 00:00:00', '2025-01-10 23:59:59', -5 * 3600],
    ['America/New_York', '2025-03-01 00:00:00', '2025-03-31 23:59:59', null],
    // FieldReader looks a day either side of each value: the changes on 2025-03-09 07:00 UTC and
    // 2025-11-02 06:00 UTC are in reach of these, to the second.
    ['America/New_York', '2025-03-08 06:59:59', '2025-03-08 06:59:59', -5 * 3600],
    ['America/New_York', '2025-03-08 07:00:00', '2025-03-08 07:00:00', null],
    ['America/New_York', '2025-11-03 05:59:59', '2025-11-03 05:59:59', null],
    ['America/New_York', '2025-11-03 06:00:00', '2025-11-03 06:00:00', -5 * 3600],
    // Spans longer than two months are not looked at.
    ['UTC', '2025-01-01 00:00:00', '2025-03-31 00:00:00', null],
  ])('%s from %s to %s: %s', (zone, min, max, offset) => {
    expect(fixedOffsetSeconds(zone, min, max)).toBe(offset);
    if (offset !== null) {
      for (const raw of [min, max]) {
        expect(nodeTimestamp(raw, zone)!.getTime()).toBe(
          Date.parse(`${raw.replace(' ', 'T')}Z`) - offset * 1000,
        );
      }
    }
  });
});

describe.each(ENGINES)('the engine capabilities pushdown uses on %s', (engine: Engine) => {
  it('loads a text file line by line, in order, as it is', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const lines = ['h,é', 'a\\b,tab\there', '\\.', ' ', '口罩,x', 'last'];
    const dir = writeTree({
      'a[1].csv': `\ufeff${lines.join('\n')}`,
      'b.csv': lines.join('\n') + '\n',
      'c.csv': lines.join('\r\n') + '\r\n',
    });
    const w = await freshWarehouse(engine, 'load_lines');
    try {
      await w.transaction(async (tx) => {
        const inputs = [
          { path: join(dir, 'a[1].csv') },
          { path: join(dir, 'b.csv') },
          { path: join(dir, 'c.csv'), crlf: true },
          {
            text: (async function* () {
              yield* ['h,é\na\\b,tab\th', 'ere\n\\.\n \n口', '罩,x\nlast'];
            })(),
          },
          {
            text: (async function* () {
              yield* ['h,é\r\na\\b,tab\th', 'ere\r', '\n\\.\r\n \r\n口', '罩,x\r\nlast'];
            })(),
            crlf: true,
          },
        ];
        for (const [i, input] of inputs.entries()) {
          await tx.loadLines(`lines_${i}`, input);
          const { rows } = await tx.query<{ line_no: number; line: string }>(
            sql.__dangerous__rawValue(`SELECT line_no, line FROM lines_${i} ORDER BY line_no`),
          );
          expect(rows).toEqual(lines.map((line, n) => ({ line_no: n + 1, line })));
          await tx.exec(`DROP TABLE lines_${i}`);
        }
      });
    } finally {
      await w.close();
    }
  });

  it("loads several files' lines into one table, each file's numbered from 1", async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    // Files of different lengths, so that a line numbered by the wrong file's start shows.
    const texts = Array.from({ length: 12 }, (_, f) =>
      Array.from({ length: 1 + ((f * 7919) % 23) }, (_, i) => `f${f},${i + 1},口罩`),
    );
    const dir = writeTree(
      Object.fromEntries([
        ...texts.map((t, f) => [`${f}.csv`, `${f === 3 ? '\ufeff' : ''}${t.join('\n')}${f % 2 ? '\n' : ''}`]),
        ['crlf.csv', texts[0]!.join('\r\n') + '\r\n'],
      ]),
    );
    const w = await freshWarehouse(engine, 'load_file_lines');
    const contents = async (table: string) =>
      (
        await w.query<{ file_no: number; line_no: number; line: string }>(
          sql.__dangerous__rawValue(`SELECT file_no, line_no, line FROM ${table} ORDER BY file_no, line_no`),
        )
      ).rows;
    const expected = (files: { fileNo: number; text: string[] }[]) =>
      files
        .sort((a, b) => a.fileNo - b.fileNo)
        .flatMap((f) => f.text.map((line, i) => ({ file_no: f.fileNo, line_no: i + 1, line })));
    try {
      // UTF-8 files read by one scan (DuckDB), numbered by their batch's numbers, not their order.
      const plain = texts.map((text, f) => ({
        fileNo: 40 - 3 * f,
        input: { path: join(dir, `${f}.csv`) },
        lines: text.length,
        text,
      }));
      await w.loadFileLines('all_lines', plain);
      expect(await contents('all_lines')).toEqual(expected(plain));
      // Mixed line breaks and decoded text: file by file.
      const mixed = [
        { fileNo: 0, input: { path: join(dir, '1.csv') }, lines: texts[1]!.length, text: texts[1]! },
        {
          fileNo: 1,
          input: { path: join(dir, 'crlf.csv'), crlf: true },
          lines: texts[0]!.length,
          text: texts[0]!,
        },
        {
          fileNo: 2,
          input: {
            text: (async function* () {
              yield texts[2]!.join('\n');
            })(),
          },
          lines: texts[2]!.length,
          text: texts[2]!,
        },
      ];
      await w.loadFileLines('mixed_lines', mixed);
      expect(await contents('mixed_lines')).toEqual(expected(mixed));
      // A count that does not match what the engine read falls back to reading file by file.
      const wrong = plain.slice(0, 3).map((f, i) => ({ ...f, lines: i === 1 ? f.lines + 1 : f.lines }));
      await w.loadFileLines('checked_lines', wrong);
      expect(await contents('checked_lines')).toEqual(expected(plain.slice(0, 3)));
    } finally {
      await w.close();
    }
  });

  it('splits, matches and builds JSON the same way on both engines', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const w = await freshWarehouse(engine, 'dialect_helpers');
    try {
      const d = w.dialect;
      const { rows } = await w.query(
        sql.__dangerous__rawValue(
          `SELECT ${d.arrayLength(d.splitText("'a,,b,'", "','"))} AS n, (${d.splitText("'a,,b,'", "','")})[3] AS third,
             ${d.regexpMatches("'SKU-1'", '^[0-9A-Za-z][!-~]*$')} AS plain, ${d.regexpMatches("'口罩'", '^[0-9A-Za-z][!-~]*$')} AS chinese,
             ${d.jsonObject([
               ['b', "'x'"],
               ['a', 'NULL'],
             ])} AS o, ${d.jsonArray(["'+8613912345678'"])} AS a`,
        ),
      );
      expect(rows).toEqual([
        { n: 4, third: 'b', plain: true, chinese: false, o: { b: 'x', a: null }, a: ['+8613912345678'] },
      ]);
    } finally {
      await w.close();
    }
  });

  it("checks a line's plain fields with one regex exactly as field by field", async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const w = await freshWarehouse(engine, 'plain_line_regex');
    try {
      const d = w.dialect;
      // Near misses of every plain form: placeholders in any case and words one letter off them,
      // the delimiter's neighbours in ASCII, leading zeros, signs, spaces, full-width and Chinese.
      const pools: Record<PushedRead, string[]> = {
        text: [
          'SH01',
          'sh01',
          'NULL',
          'null',
          'NuLl',
          'nul',
          'nulls',
          'None',
          'nonE1',
          'nil',
          'NIL',
          'Nil0',
          'n/a',
          'N/A',
          'n/ax',
          '#n/a',
          'unknown',
          'UNKNOWN',
          'unknow',
          'unknownn',
          'undefined',
          'Undefined',
          'undefine',
          'x',
          '1',
          'a+b',
          'a-b',
          '~',
          '口罩',
          ' SH01',
          'SH01 ',
          '',
          '-',
          'a b',
          '!x',
          'ＳＨ',
        ],
        number: ['1', '007', '0', '123456789012345', '1234567890123456', '-1', '1.5', '', ' 1', '１'],
        amount: [
          '0.00',
          '19.08',
          '019.08',
          '1.5',
          '.50',
          '12.505',
          '-1.00',
          '1234567890123456.00',
          '0.5',
          '',
          '12.50 ',
        ],
        timestamp: [...PLAIN_TIMESTAMPS.slice(0, 40), ...NOT_PLAIN_TIMESTAMPS],
        phone: ['13912345678', 'x'],
      };
      const reads: PushedRead[] = ['text', 'text', 'number', 'amount', 'timestamp', 'phone', 'text'];
      const fields: FieldColumn[] = reads.map((read, i) => ({
        name: `f${i}`,
        field: { column: `f${i}`, read },
        column: `c${i + 1}`,
        index: i,
      }));
      let s = 7;
      const rand = (n: number): number => {
        s = (s * 1103515245 + 12345) % 2147483648;
        return Math.floor((s / 2147483648) * n);
      };
      const lines = Array.from({ length: 3000 }, () => {
        // Mostly plain values, so that lines pass as well as fail; now and then a field short or over.
        const width = reads.length + (rand(20) === 0 ? rand(3) - 1 : 0);
        return Array.from({ length: width }, (_, i) => {
          const pool = pools[reads[i % reads.length]!];
          return rand(3) ? pool[0]! : pool[rand(pool.length)]!;
        }).join(',');
      });
      const line = plainLineRegex(fields, reads.length, ',')!;
      expect(line.fields.map((f) => f.name)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f6']);
      const flags = line.fields.map((f) => plainForm(d, f.field, `(f)[${f.index + 1}]`)!);
      const { rows } = await w.query<{ line: string; one: boolean; each: boolean }>(
        sql.__dangerous__rawValue(
          `SELECT line, ${d.regexpMatches('line', line.regex)} AS one,
             COALESCE(${d.arrayLength('f')} = ${reads.length} AND ${flags.join(' AND ')}, false) AS each
           FROM (SELECT line, ${d.splitText('line', "','")} AS f
                 FROM (VALUES ${lines.map((l) => `('${l.replaceAll("'", "''")}')`).join(', ')}) t (line)) s`,
        ),
      );
      expect(rows.length).toBe(lines.length);
      expect(rows.filter((r) => r.one !== r.each).map((r) => r.line)).toEqual([]);
      // Both outcomes occur, so the comparison says something.
      expect(rows.filter((r) => r.one).length).toBeGreaterThan(100);
      expect(rows.filter((r) => !r.one).length).toBeGreaterThan(100);
      // A field that could hold the delimiter is left to the checks field by field.
      expect(plainLineRegex(fields, reads.length, '.')!.fields.map((f) => f.field.read)).toEqual([
        'text',
        'text',
        'number',
        'timestamp',
        'text',
      ]);
      expect(plainLineRegex(fields, reads.length, '||')).toBeNull();
    } finally {
      await w.close();
    }
  });

  it('reads plain timestamps at a fixed offset as FieldReader reads them', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    // The session's zone must play no part: it is neither the source's nor UTC.
    const w = await freshWarehouse(engine, 'plain_timestamps', 'America/Sao_Paulo');
    try {
      const raws = [...PLAIN_TIMESTAMPS, ...NOT_PLAIN_TIMESTAMPS];
      const field = { column: 't', read: 'timestamp' } as const;
      const plain = plainForm(w.dialect, field, 'raw')!;
      // Zones whose offset never changes: UTC, and UTC+8 and UTC-5 (POSIX signs are inverted).
      const zones = [
        ['UTC', 0],
        ['Etc/GMT-8', 8 * 3600],
        ['Etc/GMT+5', -5 * 3600],
      ] as const;
      const { rows } = await w.query<Record<string, unknown>>(
        sql.__dangerous__rawValue(
          `SELECT raw, plain, ${zones.map((_, i) => `CASE WHEN plain THEN v${i} END AS v${i}`).join(', ')}
           FROM (SELECT raw, ${plain} AS plain,
                   ${zones.map(([, offset], i) => `${plainTimestampSql(`CASE WHEN ${plain} THEN raw END`, offset)} AS v${i}`).join(', ')}
                 FROM (VALUES ${raws.map((r) => `('${r}')`).join(', ')}) t (raw)) p
           ORDER BY raw`,
        ),
      );
      expect(rows.filter((r) => r.plain).map((r) => r.raw)).toEqual([...PLAIN_TIMESTAMPS].sort());
      for (const row of rows.filter((r) => r.plain)) {
        zones.forEach(([zone], i) => {
          expect(row[`v${i}`], `${String(row.raw)} in ${zone}`).toEqual(nodeTimestamp(String(row.raw), zone));
        });
      }
    } finally {
      await w.close();
    }
  });
});

describe.each(ENGINES)('POS receipt lines mapped by the engine on %s', (engine: Engine) => {
  it('are plain CSV the engine can map (UTF-8, BOM, GBK, gzip)', async () => {
    const text = messyExport(1, 20);
    const dir = writeTree({
      'a.csv': text,
      'bom.csv': `\ufeff${text}`,
      'gbk.csv': encodeGbk(text),
      'a.csv.gz': gzipSync(Buffer.from(text)),
    });
    for (const name of ['a.csv', 'bom.csv', 'gbk.csv', 'a.csv.gz']) {
      const path = join(dir, name);
      const plain = await plainCsv(path, await detectEncoding(path, ['utf-8', 'gbk']));
      expect(planPushdown(posReceiptLines, plain), name).not.toBeNull();
    }
  });

  it('gives the rows, quarantine, raw rows and reconciliation of mapping record by record', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const first = writeTree({
      'SH01/20250301.csv': messyExport(1, 400),
      'SH01/20250302.csv': messyExport(2, 400, true),
      'SH02/20250301.csv': `\ufeff${messyExport(3, 200).trimEnd()}`,
      'SH03/20250301.csv.gz': gzipSync(Buffer.from(messyExport(4, 200).replaceAll('\n', '\r\n'))),
      'SH04/20250301.csv': encodeGbk(messyExport(5, 200)),
      // DuckDB's reader would take this path for a glob.
      'SH[05]/20250301.csv': messyExport(7, 100),
      // Header names are trimmed.
      'SH07/20250301.csv': messyExport(9, 100).replace('store_code,', ' store_code , '),
      'SH06/20250301.csv': messyExport(8, 100).replaceAll('\n', '\r\n'),
      // Not plain (a quoted field): mapped record by record in the same batch, merged with the others.
      'SH08/20250301.csv': messyExport(10, 100).replace(',口罩,', ',"口罩",'),
      // One plain time decades away: the zone's offset is not the same over the span (Shanghai had
      // daylight saving time until 1991), so all of this file's times are read in Node.
      'SH09/20250301.csv': messyExport(11, 100).replace(',2025-03-01 10:15:00,', ',1950-06-15 12:00:00,'),
      // Every line of the header's width: receipts are grouped by key, without windows over the
      // file; a receipt exported twice (its key in two runs) takes a window over its own lines.
      'SH10/20250301.csv': messyExport(12, 200, false, TIMES, { repeats: true }),
      'SH11/20250301.csv': messyExport(13, 200, false, TIMES, { repeats: false }),
      // Plain fields in the first thousand records: one regex over each line checks them (see
      // plainLineRegex), and the lines after, with every oddity, fail it and are checked field by field.
      'SH12/20250301.csv': messyExport(14, 900, false, TIMES, null, 450),
    });
    // Then receipts again, some changed: updates, duplicates and new rows against stored ones.
    const second = writeTree({
      'SH01/20250303.csv': messyExport(1, 300) + messyExport(6, 100).slice(HEADER.length + 1),
    });
    const [node, pushed] = await Promise.all([
      freshWarehouse(engine, 'pushdown_node', 'Asia/Shanghai'),
      freshWarehouse(engine, 'pushdown_sql', 'Asia/Shanghai'),
    ]);
    try {
      const reportsNode = await ingestAll(node, [first, second], 'never');
      const reportsSql = await ingestAll(pushed, [first, second], 'always');
      expect(reportsSql).toEqual(reportsNode);
      const [a, b] = [await contents(node), await contents(pushed)];
      for (const [table] of TABLES) expect(b[table], table).toEqual(a[table]);
      for (const [table] of TABLES)
        expect(
          b[table]!.every((r) => (r as { file_time: boolean }).file_time),
          table,
        ).toBe(true);
      // The file has every kind of record: rejected, loaded and duplicate.
      expect((a['ops.quarantine'] as { reason_code: string }[]).map((q) => q.reason_code)).toEqual(
        expect.arrayContaining(['parse_error', 'missing_field', 'bad_number', 'bad_amount', 'bad_timestamp']),
      );
      expect(a['core.orders']!.length).toBeGreaterThan(300);
    } finally {
      await Promise.all([node.close(), pushed.close()]);
    }
  });

  it('reads times in a zone with daylight saving time as record by record', async () => {
    if (engine === 'postgres' && !hasPostgres()) expect.fail('no PostgreSQL server from the harness');
    const summer = [
      ['2025-07-01 10:15:00', '2025-07-31 23:30:00'],
      TIMES[1]!.map((t) => t.replace('2025-02-28', '2025-07-15')),
    ];
    // Times in reach of the change to daylight saving time on 9 March, a skipped and a repeated one.
    const spring = [
      ['2025-03-08 10:15:00', '2025-03-09 03:30:00', '2025-03-10 08:00:00'],
      ['2025-03-09 02:30:00', '2025-11-02 01:30:00', ...TIMES[1]!],
    ];
    const dirs = [
      writeTree({ 'NY01/20250701.csv': messyExport(21, 300, false, summer) }),
      writeTree({ 'NY01/20250309.csv': messyExport(22, 300, false, spring) }),
    ];
    const [node, pushed] = await Promise.all([
      freshWarehouse(engine, 'pushdown_dst_node'),
      freshWarehouse(engine, 'pushdown_dst_sql'),
    ]);
    try {
      expect(await ingestAll(pushed, dirs, 'always', 'America/New_York')).toEqual(
        await ingestAll(node, dirs, 'never', 'America/New_York'),
      );
      const [a, b] = [await contents(node), await contents(pushed)];
      for (const [table] of TABLES) expect(b[table], table).toEqual(a[table]);
      const times = (a['core.orders'] as { ordered_at: Date }[]).map((o) => o.ordered_at.toISOString());
      expect(times).toEqual(
        expect.arrayContaining([
          '2025-07-01T14:15:00.000Z',
          '2025-03-08T15:15:00.000Z',
          '2025-03-09T07:30:00.000Z',
        ]),
      );
    } finally {
      await Promise.all([node.close(), pushed.close()]);
    }
  });
});
