import {
  DEFAULT_IDENTITY_CONFIG,
  evaluateClusters,
  readPlacements,
  runIdentity,
  type IdentityRunReport,
} from '../../identity/index.ts';
import { benchResult, interleave, peakRssMb, scaled, timed, type BenchCase } from '../case.ts';
import { IDENTITY_COLUMNS, identityRecords } from '../data/identity-records.ts';
import { sql } from '../../warehouse/index.ts';

const DEFAULT_RECORDS = 1_000_000;

/** Logs each phase with the seconds the previous one took. */
function phaseLogger(log: (line: string) => void): (phase: string) => void {
  let last: { phase: string; at: number } | null = null;
  return (phase) => {
    const now = performance.now();
    if (last) log(`identity: ${last.phase}: ${((now - last.at) / 1000).toFixed(1)} s`);
    last = { phase, at: now };
  };
}

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
      // One record in a hundred arrives later, for the incremental run.
      const late = (k: number) => k % 100 === 37;
      const early = data.rows.filter((_, k) => !late(k));
      await wh.load(
        'core.source_records',
        IDENTITY_COLUMNS.map(([name, type]) => ({ name, type })),
        (function* () {
          for (let i = 0; i < early.length; i += 50_000) yield early.slice(i, i + 50_000);
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
              onPhase: phaseLogger(ctx.log),
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
      // Incremental: 1% more records arrive, 0.1% of the others get a new phone and 0.1% are
      // removed; resolve them against the customers, then compare with a forced full run over the
      // same data (same model), which must place every record alike.
      const lateRows = data.rows.filter((_, k) => late(k));
      await wh.load(
        'core.source_records',
        IDENTITY_COLUMNS.map(([name, type]) => ({ name, type })),
        [lateRows],
      );
      const keyOf = (row: unknown[]) => ({ source: String(row[0]), key: String(row[1]) });
      const changed = early.filter((_, k) => k % 1000 === 211).map(keyOf);
      const removed = early.filter((_, k) => k % 1000 === 503).map(keyOf);
      for (const [k, r] of changed.entries()) {
        await wh.query(
          sql`UPDATE core.source_records SET phone = ${`+86170${String(k).padStart(8, '0')}`}
              WHERE source = ${r.source} AND source_key = ${r.key}`,
        );
      }
      for (const r of removed) {
        await wh.query(
          sql`DELETE FROM core.source_records WHERE source = ${r.source} AND source_key = ${r.key}`,
        );
      }
      let incrementalReport: IdentityRunReport | null = null;
      const incremental = await timed(async () => {
        incrementalReport = await runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
          actor: 'bench:incremental',
          onPhase: phaseLogger(ctx.log),
        });
      });
      const afterIncremental = await readPlacements(wh);
      const full = await timed(() =>
        runIdentity(wh, DEFAULT_IDENTITY_CONFIG, {
          actor: 'bench:full',
          force: true,
          onPhase: phaseLogger(ctx.log),
        }),
      );
      const afterFull = await readPlacements(wh);
      const differing = [...afterFull].filter(([k, id]) => afterIncremental.get(k) !== id).length;
      const inc = incrementalReport as IdentityRunReport | null;
      const e = evaluateClusters(afterFull, data.truth);
      ctx.log(
        `incremental: ${lateRows.length} new, ${changed.length} changed, ${removed.length} removed records, ${inc?.resolved ?? 0} resolved in ${incremental.toFixed(1)} s; ` +
          `forced full run ${full.toFixed(1)} s; ${differing} records placed differently`,
      );
      const { precision, recall } = e;
      const r = report as IdentityRunReport | null;
      return benchResult({
        units: 'records',
        count: early.length,
        baseline: 'engine CREATE TABLE AS SELECT * ORDER BY of the same records',
        samples,
        extra: {
          processPeakRssMb: peakRssMb(),
          people: new Set(data.truth.values()).size,
          customers: r?.customers ?? 0,
          candidatePairs: r?.probabilistic?.candidatePairs ?? 0,
          incrementalNewRecords: lateRows.length,
          incrementalChangedRecords: changed.length,
          incrementalRemovedRecords: removed.length,
          incrementalResolved: (incrementalReport as IdentityRunReport | null)?.resolved ?? 0,
          incrementalSeconds: Number(incremental.toFixed(2)),
          forcedFullSeconds: Number(full.toFixed(2)),
          incrementalVsFullDiffering: differing,
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
