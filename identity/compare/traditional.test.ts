import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { TRADITIONAL_TO_SIMPLIFIED, toSimplified } from './traditional.ts';

const readings = (ch: string): string[] => pinyin(ch, { toneType: 'none', type: 'array', multiple: true });

describe('toSimplified', () => {
  it.each([
    ['張偉', '张伟'],
    ['歐陽娜娜', '欧阳娜娜'],
    ['劉德華', '刘德华'],
    ['鍾離春', '钟离春'],
    ['臺北市', '台北市'],
    ['张伟', '张伟'],
    ['David 王', 'David 王'],
    ['', ''],
  ])('%s -> %s', (traditional, simplified) => {
    expect(toSimplified(traditional)).toBe(simplified);
  });

  it('keeps characters outside the table, including ones beyond the BMP', () => {
    expect(toSimplified('𠮷野家')).toBe('𠮷野家');
  });
});

describe('TRADITIONAL_TO_SIMPLIFIED', () => {
  it('is a table of single characters that folds in one step', () => {
    expect(TRADITIONAL_TO_SIMPLIFIED.size).toBeGreaterThan(300);
    for (const [traditional, simplified] of TRADITIONAL_TO_SIMPLIFIED) {
      expect([...traditional]).toHaveLength(1);
      expect([...simplified]).toHaveLength(1);
      expect(traditional).not.toBe(simplified);
      expect(TRADITIONAL_TO_SIMPLIFIED.has(simplified)).toBe(false);
    }
  });

  it('pairs characters that share a reading (catches a misaligned pair)', () => {
    // pinyin-pro reads 鵑 as jian, a slip in its data; 杜鵑/杜鹃 is juan either way.
    const known = new Set(['鵑']);
    const mismatched = [...TRADITIONAL_TO_SIMPLIFIED].filter(
      ([t, s]) => !known.has(t) && !readings(t).some((r) => readings(s).includes(r)),
    );
    expect(mismatched).toEqual([]);
  });
});
