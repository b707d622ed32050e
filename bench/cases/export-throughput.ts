import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  FileDestinationSchema,
  syncDestination,
  WebhookDestinationSchema,
  type Destination,
  type SyncReport,
} from '../../destinations/index.ts';
import { consent, define, SegmentsSchema, writeSegments } from '../../segments/index.ts';
import { sqlString, type Warehouse, type WarehouseTarget } from '../../warehouse/index.ts';
import { benchResult, interleave, median, scaled, timed, type BenchCase } from '../case.ts';
import { AS_OF, generateCustomerBase, NOW } from '../data/customer-base.ts';

/** Customers generated; ~73% of them have SMS marketing consent at AS_OF, so ~200k members at scale 1 and 1M at --scale 5. */
const DEFAULT_CUSTOMERS = 275_000;
const SEGMENT = 'sms_contactable';
const FIELDS = ['full_name', 'phone', 'email', 'city'] as const;
const BATCH_SIZE = 1000;

/** The rows a first sync sends, as the engine itself would select them. */
const ROWS_SQL = `SELECT 'add' AS action, c.customer_id, ${FIELDS.map((f) => `c.${f}`).join(', ')}
  FROM marts.segment_members m JOIN core.customers c ON c.customer_id = m.customer_id
  WHERE m.segment = '${SEGMENT}' ORDER BY c.customer_id`;

/** A loopback HTTP server that accepts every batch. */
async function acceptAllServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The engine writes the rows to CSV itself: DuckDB COPY TO a file, Postgres COPY TO STDOUT into one. */
async function engineCsv(wh: Warehouse, target: WarehouseTarget, path: string): Promise<void> {
  if (target.engine === 'duckdb') {
    await wh.exec(`COPY (${ROWS_SQL}) TO ${sqlString(path)} (FORMAT csv, HEADER true)`);
    return;
  }
  // The one place this case talks to the driver under our layer: our Warehouse has no COPY TO.
  const { default: pg } = await import('pg');
  const { to: copyTo } = await import('pg-copy-streams');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await pipeline(
      client.query(copyTo(`COPY (${ROWS_SQL}) TO STDOUT WITH (FORMAT csv, HEADER true)`)),
      createWriteStream(path),
    );
  } finally {
    await client.end();
  }
}

async function csvRows(path: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  return text.split('\n').filter((l) => l !== '').length - 1;
}

/** First syncs of a ~200k-member segment to a CSV file and to a loopback webhook, vs the engine's own CSV export. */
export const exportThroughput: BenchCase = {
  name: 'export-throughput',
  description:
    `First syncDestination of a ~${Math.round((DEFAULT_CUSTOMERS * 0.73) / 1000)}k x scale member segment (consent checked) ` +
    `to a csv file destination (ours) and, in extra, to a webhook on a loopback node:http server (batches of ${BATCH_SIZE}), ` +
    'vs the engine writing the same rows to CSV itself (DuckDB COPY TO file; Postgres COPY TO STDOUT via pg-copy-streams).',
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const fresh = await ctx.freshWarehouse('export');
    const wh = fresh.warehouse;
    const server = await acceptAllServer();
    const dir = join(ctx.scratchDir, 'export-throughput');
    try {
      const base = await generateCustomerBase(wh, {
        customers: scaled(ctx, DEFAULT_CUSTOMERS),
        withOrders: false,
        withMarts: false,
      });
      const segments = SegmentsSchema.parse({ [SEGMENT]: define(consent('marketing', 'sms')) });
      const [report] = await wh.transaction((tx) => writeSegments(tx, segments, { asOf: AS_OF, now: NOW }));
      const members = report!.members;
      ctx.log(`${base.customers} customers, ${base.consents} consents, ${members} members`);

      const common = { segment: SEGMENT, purpose: 'marketing', channel: 'sms', fields: [...FIELDS] };
      const file: Destination = FileDestinationSchema.parse({
        type: 'file',
        format: 'csv',
        directory: join(dir, 'file'),
        ...common,
      });
      const webhook: Destination = WebhookDestinationSchema.parse({
        type: 'webhook',
        url: server.url,
        batchSize: BATCH_SIZE,
        retries: 0,
        ...common,
      });
      // Every trial is a first sync: an empty export log, so everyone goes out.
      const firstSync = async (name: string, dest: Destination): Promise<[number, SyncReport]> => {
        await wh.exec('DELETE FROM ops.export_log');
        await rm(dir, { recursive: true, force: true });
        let rep: SyncReport | undefined;
        const s = await timed(async () => {
          rep = await syncDestination(wh, name, dest, { asOf: AS_OF, now: NOW });
        });
        if (rep!.adds !== members || rep!.rejected !== 0) {
          throw new Error(`${name}: ${rep!.adds} adds, ${rep!.rejected} rejected; expected ${members} adds`);
        }
        return [s, rep!];
      };

      // Peak RSS while our file sync runs: the plan used to hold every person in Node.
      let syncPeakRss = 0;
      const samples = await interleave(
        ctx.repeat,
        async () => {
          const sampler = setInterval(() => {
            syncPeakRss = Math.max(syncPeakRss, process.memoryUsage().rss);
          }, 20);
          const [s, rep] = await firstSync('bench_file', file).finally(() => clearInterval(sampler));
          const written = await csvRows(rep.files[0]!);
          if (written !== members) throw new Error(`file destination wrote ${written} rows, not ${members}`);
          return s;
        },
        async () => {
          await rm(dir, { recursive: true, force: true });
          await mkdir(dir, { recursive: true });
          const path = join(dir, 'baseline.csv');
          const s = await timed(() => engineCsv(wh, fresh.target, path));
          const written = await csvRows(path);
          if (written !== members) throw new Error(`engine CSV has ${written} rows, not ${members}`);
          return s;
        },
        ctx.log,
      );

      const webhookSamples: number[] = [];
      for (let i = 0; i < ctx.repeat; i++) {
        const before = server.requests();
        const [s] = await firstSync('bench_webhook', webhook);
        const posts = server.requests() - before;
        if (posts !== Math.ceil(members / BATCH_SIZE)) throw new Error(`webhook got ${posts} requests`);
        webhookSamples.push(s);
        ctx.log(`webhook trial ${i + 1}/${ctx.repeat}: ${s.toFixed(3)} s`);
      }
      const webhookSeconds = median(webhookSamples);
      const baselineSeconds = median(samples.baseline);
      return benchResult({
        units: 'rows',
        count: members,
        baseline:
          'engine CSV of the same rows: DuckDB COPY (SELECT ...) TO file / Postgres COPY TO STDOUT into a file',
        samples,
        extra: {
          customers: base.customers,
          members,
          fileRowsPerSecond: Math.round(members / median(samples.ours)),
          fileSyncPeakRssMb: Math.round(syncPeakRss / 2 ** 20),
          webhookSeconds,
          webhookRowsPerSecond: Math.round(members / webhookSeconds),
          webhookRatio: baselineSeconds / webhookSeconds,
          webhookBatchSize: BATCH_SIZE,
          webhookSamples: webhookSamples.map((s) => s.toFixed(3)).join(' '),
        },
      });
    } finally {
      await server.close();
      await fresh.dispose();
    }
  },
};
