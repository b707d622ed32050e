// Sources write "no value" many ways; treating them all as null keeps blank optional fields from
// being quarantined, and leaves the required-or-not decision to the caller (`required()`).

import { toHalfWidth, ZERO_WIDTH } from './full-width.ts';
import type { RawValue } from './result.ts';

/** Placeholders meaning "no value", compared case-insensitively after trimming. */
export const BLANK_PLACEHOLDERS: ReadonlySet<string> = new Set([
  '',
  'null',
  'none',
  'nil',
  'undefined',
  'n/a',
  '#n/a',
  'unknown',
  '-',
  '--',
  '—',
  '/',
  '无',
  '暂无',
  '空',
  '未知',
  '未填',
  '不详',
]);

/** True for null, undefined, whitespace-only or a placeholder such as 'NULL', 'N/A', '-' or '无'. */
export function isBlank(raw: RawValue): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'number') return Number.isNaN(raw);
  return BLANK_PLACEHOLDERS.has(toHalfWidth(raw).replace(ZERO_WIDTH, '').trim().toLowerCase());
}
