/** Integer cents of a two-place decimal string ('12.50' -> 1250), for exact sums. */
export function cents(amount: string | null): number {
  if (amount === null) return 0;
  const neg = amount.startsWith('-');
  const [whole = '0', frac = ''] = amount.replace(/^[-+]/, '').split('.');
  const c = Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
  return neg ? -c : c;
}

/** A two-place decimal string from integer cents (1250 -> '12.50'). */
export function fromCents(c: number): string {
  const abs = Math.abs(Math.round(c));
  return `${c < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
