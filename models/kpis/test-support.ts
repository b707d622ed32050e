// Hand-made warehouse rows for the KPI tests. Times are Asia/Shanghai wall clock, the warehouse's
// zone in these tests, so a day below is a Shanghai day.
import { afterAll } from 'vitest';
import { freshWarehouse, type Engine } from '../../test/engines.ts';
import { sql, type LogicalType, type Warehouse } from '../../warehouse/index.ts';
import { KpiConfigSchema, type KpiConfig, type KpiConfigInput } from './config.ts';

/** A Shanghai wall-clock time ('2025-06-05 22:00') as an instant. */
export const local = (s: string): Date => new Date(`${s.replace(' ', 'T')}+08:00`);

const TYPES: Record<string, LogicalType> = {
  occurred_at: 'timestamptz',
  ingested_at: 'timestamptz',
  updated_at: 'timestamptz',
  created_at: 'timestamptz',
  source_created_at: 'timestamptz',
  source_updated_at: 'timestamptz',
  ordered_at: 'timestamptz',
  resolved_at: 'timestamptz',
  birth_date: 'date',
  attributes: 'json',
  record_id: 'bigint',
  match_confidence: 'double',
  net_amount: 'money',
};

/** Appends rows (column name to value) to a table; columns missing from a row are NULL. */
export async function insertRows(
  wh: Warehouse,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  await wh.load(
    table,
    names.map((name) => ({ name, type: TYPES[name] ?? 'text' })),
    [rows.map((r) => names.map((n) => r[n] ?? null))],
  );
}

const open: Warehouse[] = [];
afterAll(async () => {
  for (const w of open) await w.close();
});

/** A fresh migrated warehouse in Asia/Shanghai, filled by `seed`. */
export async function seeded(
  engine: Engine,
  label: string,
  seed: (wh: Warehouse) => Promise<void>,
): Promise<Warehouse> {
  const wh = await freshWarehouse(engine, label, 'Asia/Shanghai');
  open.push(wh);
  await seed(wh);
  return wh;
}

export const kpiConfig = (input: KpiConfigInput = {}): KpiConfig => KpiConfigSchema.parse(input);

/** One row of marts.kpi_daily as read back. */
export interface KpiRow {
  as_of: string;
  day: string;
  metric: string;
  dimension: string;
  dimension_value: string;
  value: number;
  numerator: number | null;
  denominator: number | null;
  unit: string;
}

/** Every row of marts.kpi_daily in key order. */
export async function allKpis(wh: Warehouse): Promise<KpiRow[]> {
  const { rows } = await wh.query<KpiRow & Record<string, unknown>>(
    sql`SELECT * FROM marts.kpi_daily ORDER BY day, metric, dimension, dimension_value`,
  );
  return rows;
}

/** The row of a metric on a day for one dimension value (default: the 'all' row). */
export function kpiAt(
  rows: readonly KpiRow[],
  day: string,
  metric: string,
  dimension = 'all',
  value = 'all',
): KpiRow | undefined {
  return rows.find(
    (r) => r.day === day && r.metric === metric && r.dimension === dimension && r.dimension_value === value,
  );
}

/** A metric re-aggregated over every day, the way BI should: sum(numerator) and sum(denominator). */
export function kpiTotal(
  rows: readonly KpiRow[],
  metric: string,
  dimension = 'all',
  value = 'all',
): { numerator: number; denominator: number; days: number } {
  const hit = rows.filter(
    (r) => r.metric === metric && r.dimension === dimension && r.dimension_value === value,
  );
  return {
    numerator: hit.reduce((a, r) => a + (r.numerator ?? 0), 0),
    denominator: hit.reduce((a, r) => a + (r.denominator ?? 0), 0),
    days: hit.length,
  };
}
