import { describe, expect, it } from 'vitest';
import { isBlank } from './index.ts';

describe('isBlank', () => {
  it.each([
    '',
    ' ',
    '\t\n',
    '\u3000',
    '\u200b',
    'null',
    'NULL',
    'Null',
    'None',
    'undefined',
    'N/A',
    'n/a',
    '#N/A',
    'unknown',
    'UNKNOWN',
    '-',
    '--',
    '—',
    '/',
    '无',
    ' 无 ',
    '暂无',
    '未知',
    '不详',
    'ＮＵＬＬ',
    null,
    undefined,
    NaN,
  ])('%j is blank', (raw) => {
    expect(isBlank(raw)).toBe(true);
  });

  it.each(['0', 'a', 'Na', 'nullable', '无锡', '-1', 0, 1])('%j is a value', (raw) => {
    expect(isBlank(raw)).toBe(false);
  });
});
