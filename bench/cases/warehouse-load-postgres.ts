import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { causeMessage, quoteIdent, type WarehouseTarget } from '../../warehouse/index.ts';
import {
  benchResult,
  interleave,
  scaled,
  type BenchCase,
  type BenchContext,
  type FreshWarehouse,
} from '../case.ts';
import { DEFAULT_LOAD_ROWS, ordersFixture, writeHeaderOnlyCsv, type OrderColumn } from '../data/orders.ts';
import { literal, loadTrial } from './load-trial.ts';

/** Our bulk load (COPY FROM STDIN, rows encoded in Node) against the server's own COPY of a CSV file. */
export const warehouseLoadPostgres: BenchCase = {
  name: 'warehouse-load-postgres',
  description:
    `Warehouse.load of ${DEFAULT_LOAD_ROWS / 1000}k x scale core.orders rows (in memory, batches of 50k) into a fresh Postgres database, ` +
    "vs the server's own COPY ... FROM '<file>' (csv) of the same rows; falls back to piping the file " +
    'through COPY FROM STDIN when the server cannot read it.',
  engines: ['postgres'],
  async run(ctx) {
    const data = await ordersFixture(ctx.scratchDir, scaled(ctx, DEFAULT_LOAD_ROWS));
    ctx.log(`${data.count} rows in memory, CSV ${(data.csvBytes / 1e6).toFixed(0)} MB`);
    const copy = await chooseBaseline(ctx, data.columns);
    const samples = await interleave(
      ctx.repeat,
      () =>
        loadTrial(ctx, 'ours', data.count, ({ warehouse }) =>
          warehouse.load('core.orders', data.columns, data.batches),
        ),
      () => loadTrial(ctx, 'baseline', data.count, (fresh) => copy.load(fresh, data.csvPath)),
      ctx.log,
    );
    return benchResult({
      units: 'rows',
      count: data.count,
      baseline: copy.label,
      samples,
      extra: { csvMb: Math.round(data.csvBytes / 1e6) },
    });
  },
};

interface CopyBaseline {
  readonly label: string;
  load(fresh: FreshWarehouse, csvPath: string): Promise<unknown>;
}

/**
 * Server-side COPY needs a superuser (or pg_read_server_files) and a server that can read the
 * file; loading a header-only file from the same dir tells which before anything is timed.
 */
async function chooseBaseline(ctx: BenchContext, columns: readonly OrderColumn[]): Promise<CopyBaseline> {
  const cols = columns.map((c) => quoteIdent(c.name)).join(', ');
  const serverSide: CopyBaseline = {
    label: "server COPY FROM '<file>' (csv)",
    load: ({ warehouse }, path) =>
      warehouse.exec(`COPY core.orders (${cols}) FROM ${literal(path)} WITH (FORMAT csv, HEADER true)`),
  };
  const probe = await ctx.freshWarehouse('probe');
  try {
    await serverSide.load(probe, await writeHeaderOnlyCsv(ctx.scratchDir, columns));
    return serverSide;
  } catch (err) {
    ctx.log(`server-side COPY is not possible here (${causeMessage(err)}); piping the file instead`);
    return {
      label: 'COPY FROM STDIN (csv file piped by pg-copy-streams)',
      load: ({ target }, path) =>
        pipeFile(target, path, `COPY core.orders (${cols}) FROM STDIN WITH (FORMAT csv, HEADER true)`),
    };
  } finally {
    await probe.dispose();
  }
}

/** Streams the file's bytes into COPY FROM STDIN over a plain node-postgres connection. */
async function pipeFile(target: WarehouseTarget, path: string, copy: string): Promise<void> {
  if (target.engine !== 'postgres') throw new Error('COPY FROM STDIN needs a Postgres warehouse');
  // Loaded only here: the fallback is the one place the bench talks to the driver under our layer.
  const { default: pg } = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await pipeline(createReadStream(path), client.query(copyFrom(copy)));
  } finally {
    await client.end();
  }
}
