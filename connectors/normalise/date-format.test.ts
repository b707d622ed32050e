import { describe, expect, it } from 'vitest';
import { compileFormat, isZeroDate, parseWithFormat } from './index.ts';

const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  millisecond,
});

describe('parseWithFormat', () => {
  it.each([
    ['20250305', 'YYYYMMDD', at(2025, 3, 5)],
    ['05/03/2025', 'DD/MM/YYYY', at(2025, 3, 5)],
    ['5/3/2025', 'DD/MM/YYYY', at(2025, 3, 5)],
    ['03/05/2025', 'MM/DD/YYYY', at(2025, 3, 5)],
    ['05/03/2025', 'MM/DD/YYYY', at(2025, 5, 3)],
    ['2025-03-05 14:07:09', 'YYYY-MM-DD HH:mm:ss', at(2025, 3, 5, 14, 7, 9)],
    ['2025-3-5 4:07:09', 'YYYY-MM-DD HH:mm:ss', at(2025, 3, 5, 4, 7, 9)],
    ['20250305140709', 'YYYYMMDDHHmmss', at(2025, 3, 5, 14, 7, 9)],
    ['2025-03-05 14:07:09.5', 'YYYY-MM-DD HH:mm:ss.SSS', at(2025, 3, 5, 14, 7, 9, 500)],
    ['2025-03-05 14:07:09.123456', 'YYYY-MM-DD HH:mm:ss.SSS', at(2025, 3, 5, 14, 7, 9, 123)],
    ['2025年3月5日', 'YYYY年MM月DD日', at(2025, 3, 5)],
    ['2025-03-05T14:07', 'YYYY-MM-DDTHH:mm', at(2025, 3, 5, 14, 7)],
    ['(2025.03.05)', '(YYYY.MM.DD)', at(2025, 3, 5)],
    ['２０２５０３０５', 'YYYYMMDD', at(2025, 3, 5)],
  ])('%j in %s', (raw, format, fields) => {
    expect(parseWithFormat(raw, format)).toEqual({ ok: true, value: fields });
  });

  it.each(['', 'NULL', '-', null, '00000000'])('treats blank %j as no value', (raw) => {
    expect(parseWithFormat(raw, 'YYYYMMDD')).toEqual({ ok: true, value: null });
  });

  it.each([
    ['2025035', 'YYYYMMDD', 'bad_date', 'date "2025035" does not match the format YYYYMMDD'],
    ['2025-03-05', 'YYYYMMDD', 'bad_date', 'date "2025-03-05" does not match the format YYYYMMDD'],
    [
      '20250229',
      'YYYYMMDD',
      'bad_date',
      'date "20250229" is impossible: February 2025 has no day 29 (it has 28)',
    ],
    ['13/13/2025', 'DD/MM/YYYY', 'bad_date', 'date "13/13/2025" is impossible: month 13 does not exist'],
    ['131/03/2025', 'DD/MM/YYYY', 'bad_date', 'date "131/03/2025" does not match the format DD/MM/YYYY'],
    [
      '2025-03-05 25:00:00',
      'YYYY-MM-DD HH:mm:ss',
      'bad_timestamp',
      'timestamp "2025-03-05 25:00:00" is impossible: hour 25 does not exist (00-23)',
    ],
    [
      '2025-03-05',
      'YYYY-MM-DD HH:mm:ss',
      'bad_timestamp',
      'timestamp "2025-03-05" does not match the format YYYY-MM-DD HH:mm:ss',
    ],
  ])('rejects %j in %s', (raw, format, reason, message) => {
    expect(parseWithFormat(raw, format)).toEqual({ ok: false, reason, message });
  });

  it.each([
    ['DD/MM', 'lacks YYYY'],
    ['YYYY-MM', 'lacks DD'],
    ['yyyy-MM-dd', 'lacks YYYY, DD'],
    ['YYYY-MM-DD-DD', 'repeats DD'],
  ])('refuses the format %j, a mapping-file error: %s', (format, message) => {
    expect(() => compileFormat(format)).toThrow(
      new RangeError(
        `date format ${JSON.stringify(format)} ${message}; expected each of YYYY, MM, DD once, optionally HH, mm, ss, SSS`,
      ),
    );
  });

  it('compiles each format once', () => {
    expect(compileFormat('YYYYMMDD')).toBe(compileFormat('YYYYMMDD'));
    expect(compileFormat('YYYYMMDD').hasTime).toBe(false);
    expect(compileFormat('YYYYMMDDHHmmss').hasTime).toBe(true);
  });
});

describe('isZeroDate', () => {
  it.each([
    ['0000-00-00', true],
    ['0000-00-00 00:00:00', true],
    ['0000-00-00 00:00:00.000', true],
    ['00000000', true],
    ['0000/00/00', true],
    ['2025-00-00', false],
    ['0', false],
  ])('%j -> %s', (text, expected) => {
    expect(isZeroDate(text)).toBe(expected);
  });
});
