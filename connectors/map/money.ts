/** Integer cents of a two-place decimal string ('12.50' -> 1250), for exact sums. */
export function cents(amount: string | null): number {
  if (amount === null) return 0;
  // The normalised form ('-12.50': digits, a dot, two digits) is read directly; sums run over
  // every line of a feed.
  const dot = amount.length - 3;
  if (dot > 0 && amount.charCodeAt(dot) === 46) {
    const neg = amount.charCodeAt(0) === 45;
    let c = 0;
    let i = neg || amount.charCodeAt(0) === 43 ? 1 : 0;
    for (; i < amount.length; i++) {
      if (i === dot) continue;
      const d = amount.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return slowCents(amount);
      c = c * 10 + d;
    }
    return neg ? -c : c;
  }
  return slowCents(amount);
}

function slowCents(amount: string): number {
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
