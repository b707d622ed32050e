import { describe, expect, it } from 'vitest';
import { parseAmount, parseInteger, parseNumber } from './index.ts';

describe('parseAmount', () => {
  it.each([
    ['12.50', '12.50'],
    ['¥12.50', '12.50'],
    ['￥12.50', '12.50'],
    ['¥ 12.50', '12.50'],
    ['12.5元', '12.50'],
    ['12.5 元', '12.50'],
    ['RMB 1,234.00', '1234.00'],
    ['rmb1234', '1234.00'],
    ['CNY 99', '99.00'],
    ['人民币100元', '100.00'],
    ['1,234.5', '1234.50'],
    ['1,234,567.891', '1234567.89'],
    ['-3', '-3.00'],
    ['+3', '3.00'],
    ['−3', '-3.00'],
    ['-¥12.50', '-12.50'],
    ['¥-12.50', '-12.50'],
    ['(3.00)', '-3.00'],
    ['(¥3.00)', '-3.00'],
    ['（３.００）', '-3.00'],
    ['１２.５', '12.50'],
    ['１，２３４．５０', '1234.50'],
    ['0', '0.00'],
    ['007.5', '7.50'],
    ['.5', '0.50'],
    ['0.1', '0.10'],
    // Half away from zero on the decimal digits; a float would make 1.005 into 1.00.
    ['1.005', '1.01'],
    ['-1.005', '-1.01'],
    ['1.004999', '1.00'],
    ['2.675', '2.68'],
    ['0.995', '1.00'],
    ['99999999999999999.995', '100000000000000000.00'],
    ['-0.004', '0.00'],
    ['(0.001)', '0.00'],
  ])('%j -> %s', (raw, amount) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value: amount });
  });

  it.each([
    [12.5, '12.50'],
    [0.1 + 0.2, '0.30'],
    [-3, '-3.00'],
  ])('reads the number %d -> %s', (raw, amount) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value: amount });
  });

  it.each(['', ' ', 'NULL', 'N/A', '-', '无', null])('treats blank %j as no value', (raw) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['abc', 'is not a number'],
    ['12.5.0', 'is not a number'],
    ['1,23', 'is not a number'],
    ['1,2345.00', 'is not a number'],
    ['12 34', 'is not a number'],
    ['12.', 'is not a number'],
    ['¥', 'is not a number'],
    ['1.2万', 'is not a number'],
    ['$12.50', 'is not a number'],
    ['1.5e3', 'is not a number'],
    ['(-3)', 'has more than one sign'],
    ['-¥-3', 'has more than one sign'],
  ])('rejects %j: %s', (raw, message) => {
    const result = parseAmount(raw);
    expect(result).toMatchObject({ ok: false, reason: 'bad_amount' });
    if (!result.ok) expect(result.message).toContain(`amount ${JSON.stringify(raw)} ${message}; expected`);
  });

  it('says what it found and what it expected', () => {
    const result = parseAmount('1.2万');
    expect(result.ok ? '' : result.message).toMatchInlineSnapshot(
      `"amount "1.2万" is not a number; expected a decimal amount such as '1234.50', '¥12.50', '12.5元', 'RMB 1,234.00' or '(3.00)'"`,
    );
  });
});

describe('parseNumber', () => {
  it.each([
    ['3', 3],
    ['-3', -3],
    ['+3', 3],
    ['1,234.5', 1234.5],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['1.5e3', 1500],
    ['２.５', 2.5],
    [' 42 ', 42],
  ])('%j -> %d', (raw, value) => {
    expect(parseNumber(raw)).toEqual({ ok: true, value });
  });

  it('passes a finite number through', () => {
    expect(parseNumber(2.5)).toEqual({ ok: true, value: 2.5 });
    expect(parseNumber(NaN)).toEqual({ ok: true, value: null });
    expect(parseNumber(Infinity)).toMatchObject({ ok: false, reason: 'bad_number' });
  });

  it.each(['', 'NULL', '-', null])('treats blank %j as no value', (raw) => {
    expect(parseNumber(raw)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['abc', 'is not a number'],
    ['1,23', 'is not a number'],
    ['12abc', 'is not a number'],
    ['Infinity', 'is not a number'],
    ['0x10', 'is not a number'],
    ['1e999', 'is too large'],
  ])('rejects %j: %s', (raw, message) => {
    const result = parseNumber(raw);
    expect(result).toMatchObject({ ok: false, reason: 'bad_number' });
    if (!result.ok) expect(result.message).toContain(message);
  });
});

describe('parseInteger', () => {
  it.each([
    ['3', 3],
    ['-12', -12],
    ['3.0', 3],
    ['1,000', 1000],
    ['９', 9],
    [7, 7],
  ])('%j -> %d', (raw, value) => {
    expect(parseInteger(raw)).toEqual({ ok: true, value });
  });

  it('treats blank as no value', () => {
    expect(parseInteger('')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['2.5', 'is not a whole number'],
    ['abc', 'is not a number'],
    ['9007199254740993', 'is beyond'],
  ])('rejects %j: %s', (raw, message) => {
    const result = parseInteger(raw);
    expect(result).toMatchObject({ ok: false, reason: 'bad_number' });
    if (!result.ok) expect(result.message).toContain(message);
  });
});
