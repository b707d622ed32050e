import { describe, expect, it } from 'vitest';
import { DEFAULT_DATE_FORMATS, parseDate, parseTimestamp } from './index.ts';

const shanghai = { timezone: 'Asia/Shanghai' };

describe('parseTimestamp', () => {
  it.each([
    // Offsets in the text win over the configured zone.
    ['2025-03-01T10:00:00Z', '2025-03-01T10:00:00.000Z'],
    ['2025-03-01T10:00:00.123Z', '2025-03-01T10:00:00.123Z'],
    ['2025-03-01T10:00:00.123456Z', '2025-03-01T10:00:00.123Z'],
    ['2025-03-01T10:00:00.5z', '2025-03-01T10:00:00.500Z'],
    ['2025-03-01T10:00:00+08:00', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01T10:00:00+0800', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01T10:00:00+08', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01 10:00:00 +08:00', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01T10:00:00-05:00', '2025-03-01T15:00:00.000Z'],
    ['2025-03-01T10:00:00+05:30', '2025-03-01T04:30:00.000Z'],
    ['2025-03-01T10:00Z', '2025-03-01T10:00:00.000Z'],
    // Local forms are wall-clock time in Asia/Shanghai (UTC+8).
    ['2025-03-01 10:00:00', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01T10:00:00', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01 10:00:00.250', '2025-03-01T02:00:00.250Z'],
    ['2025-03-01 10:00', '2025-03-01T02:00:00.000Z'],
    ['2025/03/01 10:00', '2025-03-01T02:00:00.000Z'],
    ['2025/03/01 10:00:30', '2025-03-01T02:00:30.000Z'],
    ['2025/3/1 9:07', '2025-03-01T01:07:00.000Z'],
    ['2025.03.01 10:00:00', '2025-03-01T02:00:00.000Z'],
    ['20250301100000', '2025-03-01T02:00:00.000Z'],
    ['2025-03-01', '2025-02-28T16:00:00.000Z'],
    ['20250301', '2025-02-28T16:00:00.000Z'],
    ['2025年3月1日', '2025-02-28T16:00:00.000Z'],
    ['2025年03月01日 10:00:00', '2025-03-01T02:00:00.000Z'],
    ['２０２５－０３－０１　１０：００：００', '2025-03-01T02:00:00.000Z'],
    ['  2025-03-01   10:00:00 ', '2025-03-01T02:00:00.000Z'],
    ['2024-02-29 23:59:59', '2024-02-29T15:59:59.000Z'],
    // Epoch seconds and milliseconds.
    ['1740794400', '2025-03-01T02:00:00.000Z'],
    ['1740794400123', '2025-03-01T02:00:00.123Z'],
  ])('%j -> %s', (raw, iso) => {
    expect(parseTimestamp(raw, shanghai)).toEqual({ ok: true, value: new Date(iso) });
  });

  it('reads epoch numbers from a JSON reader', () => {
    expect(parseTimestamp(1740794400, shanghai)).toEqual({
      ok: true,
      value: new Date('2025-03-01T02:00:00Z'),
    });
  });

  it.each([
    // New York: EST (-05:00) in winter, EDT (-04:00) in summer.
    ['America/New_York', '2025-01-15 12:00:00', '2025-01-15T17:00:00.000Z'],
    ['America/New_York', '2025-07-15 12:00:00', '2025-07-15T16:00:00.000Z'],
    ['America/New_York', '2025-03-09 01:59:59', '2025-03-09T06:59:59.000Z'],
    ['America/New_York', '2025-03-09 03:00:00', '2025-03-09T07:00:00.000Z'],
    // 02:30 on the spring-forward night does not exist; it is read with the winter offset (03:30 EDT).
    ['America/New_York', '2025-03-09 02:30:00', '2025-03-09T07:30:00.000Z'],
    // 01:30 on the fall-back night happens twice; the earlier (EDT) one is taken.
    ['America/New_York', '2025-11-02 01:30:00', '2025-11-02T05:30:00.000Z'],
    ['America/New_York', '2025-11-02 02:30:00', '2025-11-02T07:30:00.000Z'],
    ['America/New_York', '2025-07-15', '2025-07-15T04:00:00.000Z'],
    // Southern hemisphere: Sydney is +11:00 in January and +10:00 in July.
    ['Australia/Sydney', '2025-01-15 12:00:00', '2025-01-15T01:00:00.000Z'],
    ['Australia/Sydney', '2025-07-15 12:00:00', '2025-07-15T02:00:00.000Z'],
    ['Europe/London', '2025-07-15 12:00:00', '2025-07-15T11:00:00.000Z'],
    ['Asia/Kolkata', '2025-07-15 12:00:00', '2025-07-15T06:30:00.000Z'],
    ['UTC', '2025-07-15 12:00:00', '2025-07-15T12:00:00.000Z'],
    // China itself had daylight saving time from 1986 to 1991: +09:00 in summer.
    ['Asia/Shanghai', '1988-07-01 12:00:00', '1988-07-01T03:00:00.000Z'],
    ['Asia/Shanghai', '1988-12-01 12:00:00', '1988-12-01T04:00:00.000Z'],
    // An explicit offset ignores the zone.
    ['America/New_York', '2025-07-15T12:00:00+08:00', '2025-07-15T04:00:00.000Z'],
  ])('%s: %j -> %s', (timezone, raw, iso) => {
    expect(parseTimestamp(raw, { timezone })).toEqual({ ok: true, value: new Date(iso) });
  });

  it.each(['', ' ', 'NULL', 'N/A', '-', '无', null, '0000-00-00 00:00:00', '0000-00-00'])(
    'treats blank %j as no value',
    (raw) => {
      expect(parseTimestamp(raw, shanghai)).toEqual({ ok: true, value: null });
    },
  );

  it.each([
    ['2025-02-30 10:00:00', 'is impossible: February 2025 has no day 30 (it has 28)'],
    ['2025-02-29', 'is impossible: February 2025 has no day 29 (it has 28)'],
    ['2025-04-31T10:00:00Z', 'is impossible: April 2025 has no day 31 (it has 30)'],
    ['2025-13-01 10:00:00', 'is impossible: month 13 does not exist'],
    ['2025-00-10 10:00:00', 'is impossible: month 0 does not exist'],
    ['2025-01-01 25:00:00', 'is impossible: hour 25 does not exist (00-23)'],
    ['2025-01-01 24:00:00', 'is impossible: hour 24 does not exist (00-23)'],
    ['2025-01-01 10:60:00', 'is impossible: minute 60 does not exist (00-59)'],
    ['2025-01-01 10:00:60', 'is impossible: second 60 does not exist (00-59)'],
    ['20250230100000', 'is impossible: February 2025 has no day 30 (it has 28)'],
    ['0001-01-01 00:00:00', 'is impossible: year 1 is before 1900'],
    ['2025-03-01T10:00:00+15:00', 'has offset +15:00; expected -12:00 to +14:00'],
    ['2025-03-01Z', 'is not in a recognised form'],
    ['2025-03-01 10', 'is not in a recognised form'],
    ['2025-03/01', 'is not in a recognised form'],
    ['03/01/2025 10:00', 'is not in a recognised form'],
    ['yesterday', 'is not in a recognised form'],
    ['174079440', 'is not in a recognised form'],
    ['17407944001', 'is not in a recognised form'],
    ['2025-03-01 10:00:00 CST', 'is not in a recognised form'],
  ])('rejects %j: %s', (raw, message) => {
    const result = parseTimestamp(raw, shanghai);
    expect(result).toMatchObject({ ok: false, reason: 'bad_timestamp' });
    if (!result.ok) expect(result.message).toContain(`timestamp ${JSON.stringify(raw)} ${message}`);
  });

  it('says what it found and what it expected', () => {
    const impossible = parseTimestamp('2025-02-30 10:00:00', shanghai);
    expect(impossible.ok ? '' : impossible.message).toMatchInlineSnapshot(
      `"timestamp "2025-02-30 10:00:00" is impossible: February 2025 has no day 30 (it has 28)"`,
    );
    const unknown = parseTimestamp('yesterday', shanghai);
    expect(unknown.ok ? '' : unknown.message).toMatchInlineSnapshot(
      `"timestamp "yesterday" is not in a recognised form; expected ISO 8601 (2025-03-01T10:00:00+08:00), YYYY-MM-DD HH:mm:ss, YYYY/MM/DD HH:mm, YYYYMMDDHHmmss, YYYY-MM-DD, or epoch seconds (10 digits) or milliseconds (13 digits)"`,
    );
  });

  it('uses the given formats instead of the built-in forms', () => {
    const opts = { timezone: 'Asia/Shanghai', formats: ['DD/MM/YYYY HH:mm', 'MM-DD-YYYY'] };
    expect(parseTimestamp('05/03/2025 10:00', opts)).toEqual({
      ok: true,
      value: new Date('2025-03-05T02:00:00Z'),
    });
    expect(parseTimestamp('03-05-2025', opts)).toEqual({ ok: true, value: new Date('2025-03-04T16:00:00Z') });
    expect(parseTimestamp('31/02/2025 10:00', opts)).toMatchObject({ ok: false, reason: 'bad_timestamp' });
    expect(parseTimestamp('2025-03-05 10:00:00', opts)).toEqual({
      ok: false,
      reason: 'bad_timestamp',
      message: 'timestamp "2025-03-05 10:00:00" matches none of the formats DD/MM/YYYY HH:mm, MM-DD-YYYY',
    });
  });

  it('throws on a time zone that does not exist, a configuration error rather than bad data', () => {
    expect(() => parseTimestamp('2025-03-01 10:00:00', { timezone: 'Asia/Shangai' })).toThrow(RangeError);
  });
});

describe('parseDate', () => {
  it.each([
    ['1990-05-03', '1990-05-03'],
    ['1990/05/03', '1990/05/03'.replaceAll('/', '-')],
    ['1990.05.03', '1990-05-03'],
    ['19900503', '1990-05-03'],
    ['1990年05月03日', '1990-05-03'],
    ['1990年5月3日', '1990-05-03'],
    ['1990-5-3', '1990-05-03'],
    ['1990/5/3', '1990-05-03'],
    ['１９９０－０５－０３', '1990-05-03'],
    [' 1990-05-03 ', '1990-05-03'],
    ['1990-05-03 00:00:00', '1990-05-03'],
    ['2000-02-29', '2000-02-29'],
    [19900503, '1990-05-03'],
  ])('%j -> %s', (raw, date) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: date });
  });

  it.each(['', ' ', 'NULL', 'N/A', '-', '无', null, '0000-00-00', '00000000'])(
    'treats blank %j as no value',
    (raw) => {
      expect(parseDate(raw)).toEqual({ ok: true, value: null });
    },
  );

  it.each([
    ['2025-02-30', 'is impossible: February 2025 has no day 30 (it has 28)'],
    ['1900-02-29', 'is impossible: February 1900 has no day 29 (it has 28)'],
    ['20250230', 'is impossible: February 2025 has no day 30 (it has 28)'],
    ['2025年2月30日', 'is impossible: February 2025 has no day 30 (it has 28)'],
    ['1990-13-03', 'is impossible: month 13 does not exist'],
    ['1890-05-03', 'is impossible: year 1890 is before 1900'],
  ])('rejects %j: %s', (raw, message) => {
    expect(parseDate(raw)).toEqual({
      ok: false,
      reason: 'bad_date',
      message: `date ${JSON.stringify(raw)} ${message}`,
    });
  });

  it.each(['03/05/1990', '05-03-1990', '1990-05-03 14:30:00', '1990-05', '900503', 'May 3, 1990'])(
    'rejects %j, which is not a default form',
    (raw) => {
      expect(parseDate(raw)).toEqual({
        ok: false,
        reason: 'bad_date',
        message: `date ${JSON.stringify(raw)} is not in a recognised form; expected ${DEFAULT_DATE_FORMATS.join(', ')}`,
      });
    },
  );

  it('reads day-first and month-first dates only when told to', () => {
    const dayFirst = { formats: [...DEFAULT_DATE_FORMATS, 'DD/MM/YYYY'] };
    expect(parseDate('03/05/1990', dayFirst)).toEqual({ ok: true, value: '1990-05-03' });
    expect(parseDate('3/5/1990', dayFirst)).toEqual({ ok: true, value: '1990-05-03' });
    expect(parseDate('1990-05-03', dayFirst)).toEqual({ ok: true, value: '1990-05-03' });
    expect(parseDate('13/05/1990', dayFirst)).toEqual({ ok: true, value: '1990-05-13' });
    expect(parseDate('03/13/1990', dayFirst)).toMatchObject({ ok: false, reason: 'bad_date' });
    expect(parseDate('03/05/1990', { formats: ['MM/DD/YYYY'] })).toEqual({ ok: true, value: '1990-03-05' });
    expect(parseDate('1990-05-03', { formats: ['MM/DD/YYYY'] })).toMatchObject({
      ok: false,
      reason: 'bad_date',
    });
  });

  it('takes the date part of a datetime format', () => {
    expect(parseDate('1990-05-03 14:30:00', { formats: ['YYYY-MM-DD HH:mm:ss'] })).toEqual({
      ok: true,
      value: '1990-05-03',
    });
  });
});
