import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../connector.ts';
import { isBlank, parseAmount, parseNumber, parseTimestamp } from '../normalise/index.ts';
import { FieldReader } from './field-reader.ts';

const ctx = { source: 's', timezone: 'Asia/Shanghai', currency: 'CNY', file: 'f.csv' };
const reader = (value: unknown): FieldReader =>
  new FieldReader(
    { recordNo: 1, line: 2, byteOffset: null, raw: '', fields: { v: value } } as SourceRecord,
    ctx,
  );

// The reader's shortcuts and caches must give what the normalisers give.
describe('FieldReader', () => {
  const values = [
    '12.50',
    '0.00',
    '0.5',
    '05.00',
    '-3.00',
    '+3.00',
    '1,234.50',
    '¥12.50',
    '12.505',
    '１２.５０',
    ' 7 ',
    '2',
    '007',
    '0',
    '',
    'N/A',
    'abc',
    '1e3',
    '123456789012345678',
    '9007199254740993',
    '.50',
    '12.',
  ];

  it.each(values)('reads %j as parseAmount and parseNumber do', (v) => {
    for (let round = 0; round < 2; round++) {
      const amount = parseAmount(v);
      const f = reader(v);
      expect(f.amount('v')).toBe(amount.ok ? amount.value : null);
      expect(f.invalid.v).toBe(amount.ok ? undefined : amount.message);
      const number = parseNumber(v);
      const g = reader(v);
      expect(g.number('v', { required: true })).toBe(number.ok ? number.value : null);
      expect(g.failure?.message ?? null).toBe(
        !number.ok
          ? `v: ${number.message}`
          : number.value === null
            ? 'v is empty; the record needs it'
            : null,
      );
    }
  });

  it('gives every timestamp its own Date', () => {
    const a = reader('2025-03-01 10:15:00').timestamp('v');
    const b = reader('2025-03-01 10:15:00').timestamp('v');
    expect(a).toEqual(new Date('2025-03-01T02:15:00Z'));
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
  });

  // JSON feeds write amounts as numbers; the reader reads their text without parseAmount.
  it.each([49.9, 6, 0, -0, 0.05, 0.5, 10.05, 12.345, 1.005, -3, -0.5, 1e21, 1.5e-7, 123456789012345680000])(
    'reads the number %j as parseAmount does',
    (v) => {
      const amount = parseAmount(v);
      const f = reader(v);
      expect(f.amount('v')).toBe(amount.ok ? amount.value : null);
      expect(f.invalid.v).toBe(amount.ok ? undefined : amount.message);
    },
  );

  // Instants as JSON exports write them take a shortcut past parseTimestamp and its cache.
  it.each([
    '2025-03-01T00:27:27+08:00',
    '2024-02-29T23:59:59-05:30',
    '2025-02-29T10:00:00+08:00',
    '2025-04-31T10:00:00+08:00',
    '1899-12-31T23:59:59+08:00',
    '1900-01-01T00:00:00+14:59',
    '2025-03-01T10:00:00+15:00',
    '2025-03-01T10:00:00+08:60',
    '2025-03-01T24:00:00+08:00',
    '2025-03-01T23:60:00+08:00',
    '2025-03-01T23:00:60+08:00',
    '2025-03-01T10:00:00Z',
    '2025-03-01T10:00:00z',
    '2025-03-01T10:00:00+08:0x',
    '2025-03-01T1x:00:00+08:00',
    '2025-13-01T10:00:00+08:00',
    '2025-00-01T10:00:00+08:00',
    '2025-03-00T10:00:00+08:00',
    '2025/03/01T10:00:00+08:00',
    '2025-03-01 10:00:00+08:00',
    '2025-03-01T10:00:00+0800',
  ])('reads the timestamp %j as parseTimestamp does', (v) => {
    const expected = parseTimestamp(v, { timezone: ctx.timezone });
    const f = reader(v);
    expect(f.timestamp('v')).toEqual(expected.ok ? expected.value : null);
    expect(f.invalid.v).toBe(expected.ok ? undefined : expected.message);
  });

  // Text skips isBlank unless its first character could start a placeholder.
  it.each([
    'null',
    'NULL',
    'None',
    'nil',
    'undefined',
    'Unknown',
    'N/A',
    '#N/A',
    '-',
    '--',
    '—',
    '/',
    '无',
    '暂无',
    '空',
    '未知',
    '未填',
    '不详',
    'ｎｕｌｌ',
    '\u200bnull',
    '\u3000null',
    'null\u200b',
    'completed',
    'app',
    '武汉市',
    '长江路759号',
    '不锈钢锅',
    'nick',
    '🌸强强',
    'x',
  ])('reads the text %j as isBlank tells', (v) => {
    const f = reader(v);
    expect(f.text('v')).toBe(isBlank(v.trim()) ? null : v.trim());
  });
});
