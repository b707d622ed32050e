import { sql, type Queryable, type SQLQuery } from '../../warehouse/index.ts';
import { ConfigError } from '../config/errors.ts';

// A :name placeholder, skipping string literals and :: casts.
const TOKENS = /('(?:[^']|'')*')|(::)|:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * A SQL job's statement with its `:name` placeholders bound as parameters (never spliced into the
 * text): `:as_of` and the job's `params`. Write `CAST(:as_of AS DATE)` where the type matters.
 */
export function bindStatement(
  file: string,
  job: string,
  statement: string,
  values: Readonly<Record<string, unknown>>,
): SQLQuery {
  const parts: SQLQuery[] = [];
  let last = 0;
  for (const m of statement.matchAll(TOKENS)) {
    const name = m[3];
    if (name === undefined) continue;
    if (!Object.hasOwn(values, name)) {
      throw new ConfigError(
        file,
        `jobs.${job}.sql uses :${name}, which is neither :as_of nor a key of jobs.${job}.params (${Object.keys(values).join(', ')})`,
      );
    }
    parts.push(sql.__dangerous__rawValue(statement.slice(last, m.index)), sql`${values[name]}`);
    last = m.index + m[0].length;
  }
  parts.push(sql.__dangerous__rawValue(statement.slice(last)));
  return sql.join(parts, sql``);
}

/** Runs a SQL job's statements in order in one transaction's queryable. */
export async function runSqlStatements(
  tx: Queryable,
  file: string,
  job: string,
  statements: readonly string[],
  values: Readonly<Record<string, unknown>>,
): Promise<number> {
  let rows = 0;
  for (const s of statements) rows += (await tx.query(bindStatement(file, job, s, values))).rows.length;
  return rows;
}
