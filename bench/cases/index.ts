// Every benchmark case, in the order `npm run bench` runs them. Add yours at the end.
import type { BenchCase } from '../case.ts';
import { exportThroughput } from './export-throughput.ts';
import { forecastBacktest } from './forecast-backtest.ts';
import { identityResolve } from './identity-resolve.ts';
import { ingestEcommerce } from './ingest-ecommerce.ts';
import { ingestPos, ingestPosStores } from './ingest-pos.ts';
import { segments50 } from './segments-50.ts';
import { valueModels } from './value-models.ts';
import { warehouseLoadDuckdb } from './warehouse-load-duckdb.ts';
import { warehouseLoadPostgres } from './warehouse-load-postgres.ts';
import { warehouseQueryRoundtrip } from './warehouse-query-roundtrip.ts';

export const CASES: readonly BenchCase[] = [
  warehouseLoadDuckdb,
  warehouseLoadPostgres,
  warehouseQueryRoundtrip,
  ingestPos,
  identityResolve,
  valueModels,
  forecastBacktest,
  segments50,
  exportThroughput,
  ingestEcommerce,
  ingestPosStores,
];
