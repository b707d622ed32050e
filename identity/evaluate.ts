import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import { sql, type Queryable } from '../warehouse/index.ts';
import { recordKey } from './records.ts';

/** A truth file could not be used; the message names the file and what to fix. */
export class TruthFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'TruthFileError';
  }
}

export interface EvaluationReport {
  /** Records present both in the truth and in identity.records. */
  readonly records: number;
  readonly truthRecordsMissing: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
  readonly truePositivePairs: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly predictedCustomers: number;
  readonly truePersons: number;
  /** Predicted customers whose records are exactly one true person's records. */
  readonly exactCustomers: number;
  /** The predicted customers mixing the most true persons, for diagnosis. */
  readonly worstMerges: { customerId: string; persons: number; records: number }[];
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * Pairwise precision, recall and F1 of a clustering against the truth: a pair of records is
 * positive when both are in one customer; true when both are one person.
 */
export function evaluateClusters(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
): EvaluationReport {
  const byPred = new Map<string, number>();
  const byTrue = new Map<string, number>();
  const byBoth = new Map<string, number>();
  const personsOf = new Map<string, Set<string>>();
  const exactCandidates = new Map<string, string>();
  let records = 0;
  let missing = 0;
  for (const [key, person] of truth) {
    const customer = predicted.get(key);
    if (customer === undefined) {
      missing++;
      continue;
    }
    records++;
    byPred.set(customer, (byPred.get(customer) ?? 0) + 1);
    byTrue.set(person, (byTrue.get(person) ?? 0) + 1);
    const both = `${customer}\u0000${person}`;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
    let set = personsOf.get(customer);
    if (!set) personsOf.set(customer, (set = new Set()));
    set.add(person);
    exactCandidates.set(customer, person);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let tp = 0;
  for (const n of byPred.values()) predictedPairs += pairs(n);
  for (const n of byTrue.values()) truePairs += pairs(n);
  for (const n of byBoth.values()) tp += pairs(n);
  let exact = 0;
  for (const [customer, persons] of personsOf) {
    if (persons.size !== 1) continue;
    const person = exactCandidates.get(customer)!;
    if (byTrue.get(person) === byPred.get(customer)) exact++;
  }
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const worst = [...personsOf.entries()]
    .filter(([, s]) => s.size > 1)
    .map(([customerId, s]) => ({ customerId, persons: s.size, records: byPred.get(customerId)! }))
    .sort((a, b) => b.persons - a.persons || b.records - a.records)
    .slice(0, 5);
  return {
    records,
    truthRecordsMissing: missing,
    predictedPairs,
    truePairs,
    truePositivePairs: tp,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    predictedCustomers: byPred.size,
    truePersons: byTrue.size,
    exactCustomers: exact,
    worstMerges: worst,
  };
}

/**
 * Reads a truth CSV: either the generator's ground_truth.csv (feed, source_record_key, person_id)
 * or any CSV with the columns source, source_key, truth_id. Returns record key -> person.
 */
export async function readTruthCsv(file: string): Promise<Map<string, string>> {
  if (!existsSync(file))
    throw new TruthFileError(`${file}: no such file; pass the ground truth CSV with --truth`, file);
  const truth = new Map<string, string>();
  let cols: { source: number; key: number; person: number } | null = null;
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (!cols) {
        const h = row.map((c) => c.trim().toLowerCase());
        const find = (...names: string[]) => names.map((n) => h.indexOf(n)).find((i) => i >= 0) ?? -1;
        cols = {
          source: find('source', 'feed'),
          key: find('source_key', 'source_record_key'),
          person: find('truth_id', 'person_id', 'entity_id', 'cluster'),
        };
        if (cols.source < 0 || cols.key < 0 || cols.person < 0) {
          throw new TruthFileError(
            `${file}: the header must name the source (source or feed), the record key (source_key or source_record_key) and the true entity (truth_id or person_id); found: ${row.join(', ')}`,
            file,
          );
        }
        continue;
      }
      const source = row[cols.source]?.trim();
      const key = row[cols.key]?.trim();
      const person = row[cols.person]?.trim();
      if (source && key && person) truth.set(recordKey(source, key), person);
    }
  } catch (err) {
    if (err instanceof TruthFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new TruthFileError(
      code === 'ENOENT'
        ? `${file}: no such file; pass the ground truth CSV with --truth`
        : `${file}: cannot read the truth CSV: ${(err as Error).message}`,
      file,
    );
  }
  return truth;
}

/** Record key -> customer ID, as the last identity run placed them. */
export async function readPlacements(db: Queryable): Promise<Map<string, string>> {
  const { rows } = await db.query<{ source: string; source_key: string; customer_id: string }>(
    sql`SELECT source, source_key, customer_id FROM identity.records`,
  );
  return new Map(rows.map((r) => [recordKey(r.source, r.source_key), r.customer_id]));
}

/** Truth from a source attribute that names the true entity (Splink's `cluster` column). */
export async function truthFromAttribute(db: Queryable, attribute: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ source: string; source_key: string; truth: string | null }>(sql`
    SELECT source, source_key, attributes->>${attribute} AS truth FROM core.source_records`);
  const truth = new Map<string, string>();
  for (const r of rows)
    if (r.truth !== null && r.truth !== '') truth.set(recordKey(r.source, r.source_key), r.truth);
  if (truth.size === 0) {
    throw new TruthFileError(
      `no source record has the attribute "${attribute}"; map it into attributes when ingesting (see docs/mapping.md)`,
      attribute,
    );
  }
  return truth;
}

/** Truth from the record keys: the first capture group of `pattern` names the entity (FEBRL's rec-12-dup-0). */
export function truthFromKeyPattern(keys: Iterable<string>, pattern: string): Map<string, string> {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new TruthFileError(`--truth-key-pattern ${pattern}: ${(err as Error).message}`, pattern);
  }
  const truth = new Map<string, string>();
  for (const key of keys) {
    const m = re.exec(key.slice(key.indexOf('/') + 1));
    if (m?.[1] !== undefined) truth.set(key, m[1]);
  }
  if (truth.size === 0) {
    throw new TruthFileError(
      `--truth-key-pattern ${pattern} matched no source key; it needs a capture group, e.g. 'rec-(\\d+)-'`,
      pattern,
    );
  }
  return truth;
}

/**
 * Records that name an account but no person (B2B freight with only an account code): no data
 * says which of the account's contacts they are, so evaluations also report the figures without
 * them.
 */
export async function readAccountOnlyRecords(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ source: string; source_key: string }>(sql`
    SELECT source, source_key FROM core.source_records
    WHERE account_code IS NOT NULL
      AND full_name IS NULL AND phone IS NULL AND email IS NULL AND national_id IS NULL
      AND insurance_id IS NULL AND union_id IS NULL AND open_id IS NULL
      AND platform_user_id IS NULL AND member_card IS NULL AND device_id IS NULL`);
  return new Set(rows.map((r) => recordKey(r.source, r.source_key)));
}
