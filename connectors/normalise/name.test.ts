import { describe, expect, it } from 'vitest';
import { normaliseName, splitChineseName } from './index.ts';

describe('normaliseName', () => {
  it.each([
    ['王小明', '王小明', 'han'],
    ['  王小明  ', '王小明', 'han'],
    ['王 小明', '王小明', 'han'],
    ['王\u3000小明', '王小明', 'han'],
    ['王\u200b小明', '王小明', 'han'],
    ['“王小明”', '王小明', 'han'],
    ['王小明。', '王小明', 'han'],
    ['*王小明*', '王小明', 'han'],
    ['張偉', '張偉', 'han'],
    ['欧阳娜娜', '欧阳娜娜', 'han'],
    ['阿卜杜勒·买买提', '阿卜杜勒·买买提', 'han'],
    ['阿卜杜勒 • 买买提', '阿卜杜勒·买买提', 'han'],
    ['阿卜杜勒・买买提', '阿卜杜勒·买买提', 'han'],
    ['Zhang Wei', 'Zhang Wei', 'latin'],
    ['  Zhang   Wei ', 'Zhang Wei', 'latin'],
    ['Ｚｈａｎｇ Ｗｅｉ', 'Zhang Wei', 'latin'],
    ['ZHANG, Wei', 'ZHANG, Wei', 'latin'],
    ["O'Brien", "O'Brien", 'latin'],
    ['Zoë Lefèvre', 'Zoë Lefèvre', 'latin'],
    ['Lily 王', 'Lily 王', 'mixed'],
    ['Lily王', 'Lily王', 'mixed'],
    ['김민준', '김민준', 'mixed'],
  ])('%j -> %j (%s)', (raw, full, script) => {
    expect(normaliseName(raw)).toEqual({ ok: true, value: { full, script } });
  });

  it.each(['', '   ', 'NULL', 'N/A', 'unknown', '无', '-', '***', '“”', null])(
    'treats blank %j as no value',
    (raw) => {
      expect(normaliseName(raw)).toEqual({ ok: true, value: null });
    },
  );

  it.each(['13912345678', '123', '#1'])('rejects %j, which has no letters', (raw) => {
    expect(normaliseName(raw)).toEqual({
      ok: false,
      reason: 'bad_name',
      message: `name ${JSON.stringify(raw)} has no letters; expected a person's name`,
    });
  });
});

describe('splitChineseName', () => {
  it.each([
    ['王小明', '王', '小明'],
    ['李娜', '李', '娜'],
    ['欧阳娜娜', '欧阳', '娜娜'],
    ['司马相如', '司马', '相如'],
    ['上官婉儿', '上官', '婉儿'],
    ['诸葛亮', '诸葛', '亮'],
    ['东方明', '东方', '明'],
    ['皇甫嵩', '皇甫', '嵩'],
    ['尉迟恭', '尉迟', '恭'],
    ['公孙胜', '公孙', '胜'],
    ['慕容复', '慕容', '复'],
    ['令狐冲', '令狐', '冲'],
    ['长孙无忌', '长孙', '无忌'],
    ['宇文泰', '宇文', '泰'],
    ['司徒雷', '司徒', '雷'],
    ['夏侯惇', '夏侯', '惇'],
    ['轩辕明', '轩辕', '明'],
    ['端木蓉', '端木', '蓉'],
    ['歐陽娜娜', '歐陽', '娜娜'],
    // Two characters that are a compound surname are a family name and a given name.
    ['欧阳', '欧', '阳'],
    ['单于洋', '单', '于洋'],
  ])('%s -> %s + %s', (full, family, given) => {
    expect(splitChineseName(full)).toEqual({ family, given });
  });

  it.each(['Zhang Wei', 'Lily 王', '阿卜杜勒·买买提', '王', ''])('leaves %j unsplit', (full) => {
    expect(splitChineseName(full)).toBeUndefined();
  });
});
