import {
  DEFAULT_IDENTITY_CONFIG,
  evaluateClusters,
  readPlacements,
  runIdentity,
  type IdentityRunReport,
} from '../../identity/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';
import { IDENTITY_COLUMNS, identityRecords } from '../data/identity-records.ts';

const DEFAULT_RECORDS = 1_000_000;

/** cdp identity run over 1M source records (about 300k people), against the engine rewriting the same table once. */
export const identityResolve: BenchCase = {
  name: 'identity-resolve',
  description:
    `identity resolution (rules, EM-trained Fellegi-Sunter scoring, clustering, stable IDs, golden records, ` +
    `customer 360) of ${DEFAULT_RECORDS / 1e6}M x scale source records of ~300k people, vs the engine's own ` +
    'CREATE TABLE AS SELECT * ... ORDER BY of core.source_records (reading and writing the records once).',
  engines: ['duckdb', 'postgres'],
  async run(ctx) {
    const records = scaled(ctx, DEFAULT_RECORDS);
    const data = identityRecords(records);
    ctx.log(`${data.rows.length} source records of ${new Set(data.truth.values()).size} people`);
    const fresh = await ctx.freshWarehouse('identity');
    const wh = fresh.warehouse;
    let report: IdentityRunReport | null = null;
    try {
      await wh.load(
        'core.source_records',
        IDENTITY_COLUMNS.map(([name, type]) => ({ name, type })),
        (function* () {
          for (let i = 0; i < data.rows.length; i += 50_000) yield data.rows.slice(i, i + 50_000);
        })(),
      );
      let trial = 0;
      const samples = await interleave(
        ctx.repeat,
        async () => {
          trial++;
          // Every trial starts from no identity state, so each one trains and resolves everything.
          await wh.exec(
            'DELETE FROM identity.records; DELETE FROM identity.customer_ids; DELETE FROM identity.model; DELETE FROM identity.pairs; DELETE FROM identity.merge_history; DELETE FROM identity.review_queue',
          );
          return timed(async () => {
            report = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
              actor: `bench:${trial}`,
              onPhase: (p) => ctx.log(`identity: ${p}`),
            });
          });
        },
        async () => {
          await wh.exec('DROP TABLE IF EXISTS core.bench_copy');
          const s = await timed(() =>
            wh.exec(
              'CREATE TABLE core.bench_copy AS SELECT * FROM core.source_records ORDER BY source, source_key',
            ),
          );
          await wh.exec('DROP TABLE core.bench_copy');
          return s;
        },
        ctx.log,
      );
      const e = evaluateClusters(await readPlacements(wh), data.truth);
      const { precision, recall } = e;
      const r = report as IdentityRunReport | null;
      return benchResult({
        units: 'records',
        count: data.rows.length,
        baseline: 'engine CREATE TABLE AS SELECT * ORDER BY of the same records',
        samples,
        extra: {
          processPeakRssMb: peakRssMb(),
          people: new Set(data.truth.values()).size,
          customers: r?.customers ?? 0,
          candidatePairs: r?.probabilistic?.candidatePairs ?? 0,
          precision: Number(precision.toFixed(4)),
          recall: Number(recall.toFixed(4)),
          f1: Number(((2 * precision * recall) / (precision + recall)).toFixed(4)),
        },
      });
    } finally {
      await fresh.dispose();
    }
  },
};
