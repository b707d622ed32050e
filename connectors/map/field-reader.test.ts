import { describe, expect, it } from 'vitest';
import type { SourceRecord } from '../connector.ts';
import { parseAmount, parseNumber } from '../normalise/index.ts';
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
});
