// PRC resident identity numbers (GB 11643-1999): 6-digit region code, YYYYMMDD birth date, a 3-digit
// sequence whose parity is the gender (odd male), and an ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** A valid 18-character ID; `sequence` is 0-499 and is doubled and set odd for men. */
export function makeResidentId(region: string, birthDate: string, sequence: number, male: boolean): string {
  const seq = (sequence % 500) * 2 + (male ? 1 : 0);
  const first17 = region + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + residentIdCheckChar(first17);
}

/** True when the ID has the right shape, a real calendar date and a matching check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, day));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== day) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17];
}

/** Gender encoded in an ID: the 17th digit is odd for men. */
export function residentIdIsMale(id: string): boolean {
  return Number(id[16]) % 2 === 1;
}
