import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { noisyBirth, noisyName, noisyPhone, NOISE, pinyinName } from './noise.ts';
import { personAt } from './person.ts';
import { BLOCKED_TEST_PHONE, formatPhone, PLACEHOLDER_PHONES } from './phones.ts';
import { rngFor } from './random.ts';

const ctx = buildContext(GenerateOptionsLike());
function GenerateOptionsLike() {
  return { out: 'unused', customers: 5000, seed: 42, start: '2025-01-01', days: 365 };
}

/** What a connector's phone normaliser does: digits only, country code dropped. */
const normalise = (s: string) => s.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');

describe('record noise', () => {
  it('spells phones in many ways that all normalise back to the number', () => {
    const rng = rngFor(1, 1, 1);
    const spellings = new Set<string>();
    for (let k = 0; k < 500; k++) {
      const s = formatPhone(rng, '13912345678', 0.9);
      spellings.add(s);
      expect(normalise(s)).toBe('13912345678');
    }
    expect(spellings.size).toBeGreaterThanOrEqual(8);
  });

  it('never gives a real person the blocked test number, but puts placeholders into some records', () => {
    let placeholders = 0;
    for (let i = 0; i < 5000; i++) {
      const p = personAt(ctx, i);
      expect(p.phone).not.toBe(BLOCKED_TEST_PHONE);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
      if (PLACEHOLDER_PHONES.includes(noisyPhone(rngFor(2, 2, i), p.phone, NOISE.pos))) placeholders++;
    }
    expect(placeholders).toBeGreaterThan(10);
  });

  it('produces look-alikes, traditional forms, pinyin and English names', () => {
    const seen = { traditional: 0, pinyin: 0, english: 0, changed: 0 };
    for (let i = 0; i < 3000; i++) {
      const p = personAt(ctx, i);
      const typed = noisyName(rngFor(3, 3, i), p.name, { ...NOISE.crm, lookalike: 0.2, traditional: 0.2 });
      if (/[陳劉張楊黃趙吳孫鄭馬羅謝許韓馮鄧葉蘇盧鍾偉強軍傑濤剛輝鵬飛]/.test(typed)) seen.traditional++;
      if (/^[A-Za-z -]+$/.test(typed) && p.name.familyPinyin) seen.pinyin++;
      if (p.name.english && typed.includes(p.name.english)) seen.english++;
      if (typed !== p.name.full) seen.changed++;
    }
    expect(seen.traditional).toBeGreaterThan(20);
    expect(seen.pinyin).toBeGreaterThan(50);
    expect(seen.english).toBeGreaterThan(50);
    expect(seen.changed).toBeGreaterThan(300);
  });

  it('writes pinyin in the usual variants', () => {
    const p = personAt(ctx, 0);
    const forms = new Set<string>();
    const rng = rngFor(4, 4, 4);
    for (let k = 0; k < 200; k++) forms.add(pinyinName(rng, p.name));
    expect(forms.size).toBeGreaterThanOrEqual(6);
    const flat = p.name.familyPinyin + p.name.givenPinyin.join('');
    for (const f of forms)
      expect(f.replace(/[\s-]/g, '').toLowerCase().split('').sort().join('')).toBe(
        flat.split('').sort().join(''),
      );
  });

  it('gets birth dates wrong by a day or by swapping day and month', () => {
    const rng = rngFor(5, 5, 5);
    const wrong = new Set<string>();
    for (let k = 0; k < 200; k++) wrong.add(noisyBirth(rng, '1990-03-07', { ...NOISE.pos, birthError: 1 }));
    expect([...wrong].sort()).toEqual(['1990-03-06', '1990-03-08', '1990-07-03']);
  });
});
