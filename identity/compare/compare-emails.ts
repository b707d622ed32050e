// Emails -> a Fellegi-Sunter level. Emails come normalised (trimmed, lower-cased) by the connectors.

import levenshtein from 'fast-levenshtein';

/** Levels of compareEmails by name; the value is the level. */
export const EmailLevel = {
  /** At least one side is null or empty: no evidence. */
  missing: 0,
  different: 1,
  /**
   * One character inserted, deleted or replaced in the whole address ('gmial.com', 'li.na' / 'lina'),
   * or in a longer one one per 8 characters ('matthew78@ballard-mcdonald.net' /
   * 'matthea78@bwllar-mcdonald.net'): an address typed by hand, twice.
   */
  typo: 2,
  /**
   * Same local part at another domain: 12345@qq.com and 12345@foxmail.com are one QQ account, and
   * people keep their handle across 163.com / 126.com / gmail.com.
   */
  same_local_part: 3,
  exact: 4,
} as const;

/** Names of the levels of compareEmails; index = level. */
export const EMAIL_LEVELS: readonly string[] = Object.keys(EmailLevel);

// A longer address may carry one slip per this many characters. Jaro-Winkler would be kinder to
// scrambled letters but calls zhangwei@163.com / zhangwei1990@qq.com, another account, alike.
const CHARACTERS_PER_TYPO = 8;

/** Compares two normalised email addresses; a level of EMAIL_LEVELS. */
export function compareEmails(a: string | null, b: string | null): number {
  if (a === null || b === null || a === '' || b === '') return EmailLevel.missing;
  if (a === b) return EmailLevel.exact;
  const atA = a.lastIndexOf('@');
  const atB = b.lastIndexOf('@');
  if (atA > 0 && atA === atB && a.startsWith(b.slice(0, atB + 1))) return EmailLevel.same_local_part;
  if (withinOneEdit(a, b)) return EmailLevel.typo;
  // Cheap checks first: most candidate pairs' emails are nothing alike.
  const allowed = Math.floor(Math.min(a.length, b.length) / CHARACTERS_PER_TYPO);
  return allowed >= 2 && Math.abs(a.length - b.length) <= allowed && levenshtein.get(a, b) <= allowed
    ? EmailLevel.typo
    : EmailLevel.different;
}

/** Whether a Levenshtein distance of at most 1 separates two strings; linear time. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  const [short, long] = la <= lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  // After the first difference the rest must line up: shifted by one (insertion) or not (substitution).
  const skip = short.length === long.length ? 1 : 0;
  for (let j = i + skip; j < short.length; j++) {
    if (short.charCodeAt(j) !== long.charCodeAt(j + 1 - skip)) return false;
  }
  return true;
}
