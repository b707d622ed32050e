/** Text of one value for table and CSV output: timestamps in ISO 8601 UTC, JSON as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
