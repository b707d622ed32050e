import { describe, expect, it } from 'vitest';
import { isCanonicalMoney } from './copy.ts';
import { isoTimestamp } from './iso-timestamp.ts';

// The COPY encoder's shortcuts must write what the general way wrote (load.test.ts runs the
// values through both engines; these check the shortcuts against their references exhaustively).
describe('COPY encoder shortcuts', () => {
  it('recognises two-place amounts exactly as /^-?(0|[1-9]\\d*)\\.\\d\\d$/ does', () => {
    const reference = /^-?(?:0|[1-9]\d*)\.\d\d$/;
    const alphabet = ['0', '1', '9', '.', '-', 'a', ' '];
    let strings = [''];
    const all: string[] = [''];
    for (let len = 1; len <= 6; len++) {
      strings = strings.flatMap((s) => alphabet.map((c) => s + c));
      all.push(...strings);
    }
    const wrong = all.filter((s) => isCanonicalMoney(s) !== reference.test(s));
    expect(wrong).toEqual([]);
    expect(all.filter((s) => isCanonicalMoney(s)).length).toBeGreaterThan(100);
  });

  it('writes instants as Date.prototype.toISOString does, and fails where it fails', () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, 951_782_400_000, -62_198_755_200_000];
    const range = [8.64e15, -8.64e15, 253_402_300_799_999, 253_402_300_800_000, -62_135_596_800_001];
    let seed = 7;
    const random = Array.from({ length: 50_000 }, (_, i) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return i % 2 ? Math.round((seed / 2_147_483_648 - 0.5) * 1.7e16) : 1.7e12 + seed * 37;
    });
    for (const ms of [...edges, ...range, ...random])
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    for (const ms of [8.64e15 + 1, -8.64e15 - 1, NaN]) expect(() => isoTimestamp(ms)).toThrow(RangeError);
  });
});
