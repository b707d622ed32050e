// Chinese numerals in addresses ('三单元', '十二楼', '五〇一室') written as digits, so they
// compare equal to '3单元', '12楼', '501室'.

// prettier-ignore
const DIGITS: ReadonlyMap<string, number> = new Map([
  ['零', 0], ['〇', 0], ['一', 1], ['二', 2], ['两', 2], ['三', 3], ['四', 4],
  ['五', 5], ['六', 6], ['七', 7], ['八', 8], ['九', 9],
]);
const UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['百', 100],
  ['千', 1000],
]);

/** The value of a Chinese numeral below 10000 ('十二' 12, '二十三' 23, '五〇一' 501); undefined if not one. */
export function chineseNumeral(text: string): number | undefined {
  if (text === '') return undefined;
  const chars = [...text];
  if (!chars.some((ch) => UNITS.has(ch))) {
    // Digit by digit, as room numbers are read: 五〇一 = 501.
    let value = 0;
    for (const ch of chars) {
      const digit = DIGITS.get(ch);
      if (digit === undefined) return undefined;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let pending = 0;
  let lastUnit = Infinity;
  for (const ch of chars) {
    const digit = DIGITS.get(ch);
    const unit = UNITS.get(ch);
    if (digit !== undefined) {
      pending = digit;
    } else if (unit !== undefined && unit < lastUnit) {
      // '十二': a unit with no digit before it counts once.
      total += (pending === 0 ? 1 : pending) * unit;
      pending = 0;
      lastUnit = unit;
    } else {
      return undefined;
    }
  }
  return total + pending;
}
