// Emails, lower-cased whole: mail providers in China (qq.com, 163.com) treat the local part
// case-insensitively, and identity resolution must match 'Li.Na@QQ.com' to 'li.na@qq.com'.

import { isBlank } from './blank.ts';
import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import { fail, ok, quote } from './result.ts';
import type { Normalised, RawValue, Rejection } from './result.ts';

const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const EXPECTED = 'expected local@domain.tld';

/** Normalises an email: trimmed, lower-cased, full-width '＠' and a Chinese '。' folded, then validated. */
export function normaliseEmail(raw: RawValue): Normalised<string | null> {
  if (isBlank(raw)) return ok(null);
  const bad = (why: string): Rejection => fail('bad_email', `email ${quote(raw)} ${why}; ${EXPECTED}`);
  // A Chinese IME types '。' for '.', and people type spaces around '@' when copying from a card.
  const email = toHalfWidth(String(raw))
    .replace(ZERO_WIDTH, '')
    .replaceAll('。', '.')
    .trim()
    .replace(/\s*@\s*/g, '@')
    .toLowerCase();
  const at = email.split('@');
  if (at.length === 1) return bad('has no "@"');
  if (at.length > 2) return bad(`has ${at.length - 1} "@"`);
  const [local, domain] = at as [string, string];
  if (/\s/.test(email)) return bad('contains a space');
  if (local === '') return bad('has nothing before "@"');
  if (local.length > 64) return bad(`has a ${local.length}-character local part (at most 64)`);
  if (!LOCAL.test(local)) return bad(`has an invalid local part ${JSON.stringify(local)}`);
  if (domain === '') return bad('has nothing after "@"');
  if (email.length > 254) return bad(`is ${email.length} characters long (at most 254)`);
  const labels = domain.split('.');
  if (labels.length < 2) return bad(`has domain ${JSON.stringify(domain)} with no dot`);
  const badLabel = labels.find((label) => !LABEL.test(label));
  if (badLabel !== undefined) return bad(`has an invalid domain ${JSON.stringify(domain)}`);
  const tld = labels[labels.length - 1] as string;
  if (!TLD.test(tld)) return bad(`has an invalid top-level domain ${JSON.stringify(tld)}`);
  return ok(email);
}
