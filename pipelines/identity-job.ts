import {
  evaluateClusters,
  planSplit,
  planUnmerge,
  readAccountOnlyRecords,
  readPlacements,
  readTruthCsv,
  runIdentity,
  truthFromAttribute,
  truthFromKeyPattern,
  type EvaluationReport,
  type IdentityRunReport,
  type RecordRef,
  type UnmergePlan,
} from '../identity/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';

/** Runs identity resolution as the recorded job `identity`. */
export async function runIdentityJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  opts: {
    restore?: ReadonlyMap<string, ReadonlySet<string>>;
    actor?: string;
    retrain?: boolean;
    force?: boolean;
  } = {},
): Promise<IdentityRunReport & { runId: string }> {
  return recordRun(wh, 'identity', null, async (runId) => {
    const report = await runIdentity(wh, loaded.config.identity, {
      actor: opts.actor ?? `job:${runId}`,
      restore: opts.restore,
      retrain: opts.retrain,
      force: opts.force,
      onPhase: (phase) => log.info(`identity: ${phase}`),
    });
    return {
      ...report,
      rowsRead: report.records,
      rowsWritten: report.resolved,
      details: {
        customers: report.customers,
        resolved: report.resolved,
        skipped: report.skipped,
        newRecords: report.newRecords,
        changedRecords: report.changedRecords,
        removedRecords: report.removedRecords,
        changes: report.changes,
        stats: report.stats,
        probabilistic: report.probabilistic,
      },
    };
  });
}

/** Where the truth of an evaluation comes from: a CSV, a source attribute, or the record keys. */
export type TruthSource =
  { readonly csv: string } | { readonly attribute: string } | { readonly keyPattern: string };

/** Pairwise precision / recall / F1 of the last identity run against a ground truth. */
export async function evaluateIdentity(
  wh: Warehouse,
  truthFrom: TruthSource | string,
): Promise<EvaluationReport & { personal: EvaluationReport | null }> {
  const from = typeof truthFrom === 'string' ? { csv: truthFrom } : truthFrom;
  const placements = await readPlacements(wh);
  const truth =
    'csv' in from
      ? await readTruthCsv(from.csv)
      : 'attribute' in from
        ? await truthFromAttribute(wh, from.attribute)
        : truthFromKeyPattern(placements.keys(), from.keyPattern);
  const accountOnly = await readAccountOnlyRecords(wh);
  let personal: EvaluationReport | null = null;
  if ([...accountOnly].some((k) => truth.has(k))) {
    const named = new Map([...truth].filter(([k]) => !accountOnly.has(k)));
    personal = evaluateClusters(placements, named);
  }
  return { ...evaluateClusters(placements, truth), personal };
}

/**
 * Undoes the latest merge into a customer (of a given merged ID if named) and re-runs identity,
 * which brings the merged ID back for its records; the history records who asked.
 */
export async function unmergeCustomer(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  customerId: string,
  mergedId: string | null,
  by: string,
): Promise<{ plan: UnmergePlan; run: IdentityRunReport }> {
  const plan = await planUnmerge(wh, customerId, mergedId, by);
  const run = await runIdentityJob(wh, loaded, log, {
    restore: new Map([[plan.restored, plan.records]]),
    actor: by,
  });
  return { plan, run };
}

/** Splits records out of a customer and re-runs identity, which mints a new ID for them. */
export async function splitCustomer(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  customerId: string,
  records: readonly RecordRef[],
  by: string,
): Promise<{ split: number; stay: number; run: IdentityRunReport }> {
  const plan = await planSplit(wh, customerId, records, by);
  const run = await runIdentityJob(wh, loaded, log, { actor: by });
  return { ...plan, run };
}
