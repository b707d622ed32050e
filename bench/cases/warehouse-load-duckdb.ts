import { quoteIdent, type Dialect } from '../../warehouse/index.ts';
import { benchResult, interleave, scaled, type BenchCase } from '../case.ts';
import { DEFAULT_LOAD_ROWS, ordersFixture, type OrderColumn } from '../data/orders.ts';
import { literal, loadTrial } from './load-trial.ts';

/** Our bulk load (appender via a staging table) against DuckDB reading the same rows from CSV. */
export const warehouseLoadDuckdb: BenchCase = {
  name: 'warehouse-load-duckdb',
  description:
    `Warehouse.load of ${DEFAULT_LOAD_ROWS / 1000}k x scale core.orders rows (in memory, batches of 50k) into a fresh DuckDB file, ` +
    "vs DuckDB's own INSERT ... SELECT FROM read_csv of the same rows (CSV written beforehand, untimed).",
  engines: ['duckdb'],
  async run(ctx) {
    const data = await ordersFixture(ctx.scratchDir, scaled(ctx, DEFAULT_LOAD_ROWS));
    ctx.log(`${data.count} rows in memory, CSV ${(data.csvBytes / 1e6).toFixed(0)} MB`);
    const samples = await interleave(
      ctx.repeat,
      () =>
        loadTrial(ctx, 'ours', data.count, ({ warehouse }) =>
          warehouse.load('core.orders', data.columns, data.batches),
        ),
      () =>
        loadTrial(ctx, 'baseline', data.count, ({ warehouse }) =>
          warehouse.exec(readCsvInsert(warehouse.dialect, data.csvPath, data.columns)),
        ),
      ctx.log,
    );
    return benchResult({
      units: 'rows',
      count: data.count,
      baseline: 'DuckDB INSERT ... SELECT FROM read_csv',
      samples,
      extra: { csvMb: Math.round(data.csvBytes / 1e6) },
    });
  },
};

function readCsvInsert(dialect: Dialect, path: string, columns: readonly OrderColumn[]): string {
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  // Explicit column types: DuckDB parses straight into the target types instead of sniffing them.
  const types = columns.map((c) => `${literal(c.name)}: ${literal(dialect.columnType(c.type))}`).join(', ');
  return (
    `INSERT INTO core.orders (${cols}) SELECT ${cols} FROM read_csv(${literal(path)}, ` +
    `header = true, delim = ',', quote = '"', escape = '"', columns = {${types}})`
  );
}
