import sqlModule from '@databases/sql';
import type { SQLQuery } from '@databases/sql';

// @databases/sql is CommonJS whose module.exports is the tag function with itself as `.default`;
// `.default` is the one spelling that types and runs the same under tsx and Node's own ESM.
const sql = sqlModule.default;

// Queries are built with @databases/sql tagged templates for both engines: values become
// placeholders, never string concatenation. Each adapter formats them for its driver.
export { sql };
export type { SQLQuery };

/** Quotes one identifier the way both engines accept (ANSI double quotes). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Formats a query as text with `$1..$n` placeholders and the values in order. */
export function toPositional(query: SQLQuery): { text: string; values: unknown[] } {
  return query.format({
    escapeIdentifier: quoteIdent,
    formatValue: (value, index) => ({ placeholder: `$${index + 1}`, value }),
  });
}

/** Quotes a possibly schema-qualified table name (`core.orders`), validating each part. */
export function quoteTable(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
    throw new TypeError(`not a table name: ${name} (expected [schema.]table of letters, digits, _)`);
  }
  return parts.map(quoteIdent).join('.');
}
