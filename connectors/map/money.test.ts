import { describe, expect, it } from 'vitest';
import { cents, fromCents } from './money.ts';

describe('cents', () => {
  it.each([
    ['12.50', 1250],
    ['-12.50', -1250],
    ['+3.05', 305],
    ['0.00', 0],
    ['-0.50', -50],
    ['.5', 50],
    ['-.50', -50],
    ['12.5', 1250],
    ['7', 700],
    ['1234567.89', 123456789],
  ])('%s -> %d', (amount, expected) => {
    expect(cents(amount)).toBe(expected);
  });

  it('is 0 for null and round-trips fromCents', () => {
    expect(cents(null)).toBe(0);
    for (const c of [0, 1, -1, 99, -100, 123456, -987654321]) expect(cents(fromCents(c))).toBe(c);
  });
});
