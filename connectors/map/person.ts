import { splitChineseName } from '../normalise/index.ts';
import type { FieldReader } from './field-reader.ts';

/** family_name / given_name for a Chinese full name; nothing for Latin names. */
export function nameParts(full: string | null): { family_name?: string; given_name?: string } {
  if (!full || !/^\p{Script=Han}+$/u.test(full)) return {};
  const parts = splitChineseName(full);
  return parts ? { family_name: parts.family, given_name: parts.given } : {};
}

/** A JSON array of the distinct non-null values, or null when there are none. */
export function jsonList(...values: (string | null | undefined)[]): string[] | null {
  const list = [...new Set(values.filter((v): v is string => Boolean(v)))];
  return list.length ? list : null;
}

const PAYMENTS: Record<string, string> = {
  微信支付: 'wechat_pay',
  微信: 'wechat_pay',
  wechat: 'wechat_pay',
  支付宝: 'alipay',
  alipay: 'alipay',
  现金: 'cash',
  cash: 'cash',
  银行卡: 'card',
  刷卡: 'card',
  card: 'card',
  会员储值: 'stored_value',
  储值卡: 'stored_value',
};

/** The normalised payment method for a source's label; unknown labels pass through lower-cased. */
export function paymentMethod(label: string | null): string | null {
  if (!label) return null;
  return PAYMENTS[label] ?? PAYMENTS[label.toLowerCase()] ?? label.toLowerCase();
}

/**
 * The contact fields of a person record read from named columns: the name (split when Chinese),
 * the phone and email with their one-element lists. Columns not given stay null.
 */
export function contactFields(
  f: FieldReader,
  columns: { name?: string; phone?: string; email?: string },
): Record<string, unknown> {
  const name = columns.name ? f.name(columns.name) : null;
  const phone = columns.phone ? f.phone(columns.phone) : null;
  const email = columns.email ? f.email(columns.email) : null;
  return {
    full_name: name,
    ...nameParts(name),
    phone,
    phones: jsonList(phone),
    email,
    emails: jsonList(email),
  };
}
