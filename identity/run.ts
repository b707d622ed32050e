import { createHash } from 'node:crypto';
import { sql, type Warehouse } from '../warehouse/index.ts';
import { assignIds, type HistoryAction } from './assign-ids.ts';
import type { IdentityConfig } from './config.ts';
import { goldenRecord, type GoldenRecord } from './golden.ts';
import { readSourceRecords, recordKey, type SourceRecord } from './records.ts';
import { DATE_LEVELS, NAME_LEVELS, nameFeatures } from './compare/index.ts';
import { BlockList } from './identifier-index.ts';
import { scoreCandidates, type ScoredPairs } from './probabilistic.ts';
import { resolve, type Constraint, type ResolveStats, type ScoredLink } from './resolve.ts';
import { reviewItems, type ReviewItem } from './review-items.ts';
import { latestModelId, readLatestModel, readPreviousState, readStateKey } from './state.ts';
import { refreshFacts, writeProbabilistic, writeResolution } from './write.ts';

export interface IdentityRunOptions {
  /** Who runs it, for the merge history: 'job:<run id>' or a person. */
  readonly actor: string;
  readonly now?: Date;
  /** Unmerge: IDs to bring back for the records they held. */
  readonly restore?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Re-estimate the probabilistic model even if one is stored. */
  readonly retrain?: boolean;
  /** Resolve even if nothing changed since the last run. */
  readonly force?: boolean;
  /** Called with a phase name as work progresses. */
  readonly onPhase?: (phase: string) => void;
}

export interface IdentityRunReport {
  readonly records: number;
  readonly customers: number;
  /** Records not seen by the previous run, and records whose identity fields changed since. */
  readonly newRecords: number;
  readonly changedRecords: number;
  readonly changes: Record<HistoryAction, number>;
  /** True when nothing changed since the last run, so nothing was resolved or written. */
  readonly skipped: boolean;
  readonly stats: ResolveStats;
  readonly probabilistic: {
    readonly candidatePairs: number;
    readonly blocksSkipped: number;
    readonly autoLinks: number;
    readonly queuedForReview: number;
    /** Set when this run estimated the model. */
    readonly training: ScoredPairs['training'];
  } | null;
}

/**
 * One identity run: read every source record and the previous state, resolve, keep IDs stable,
 * and write placements, IDs, history, golden records and customer 360 in one transaction.
 */
export async function runIdentity(
  wh: Warehouse,
  config: IdentityConfig,
  opts: IdentityRunOptions,
): Promise<IdentityRunReport> {
  const now = opts.now ?? new Date();
  opts.onPhase?.('reading source records');
  const records = await readSourceRecords(wh, wh.dialect);
  const previous = await readPreviousState(wh);
  const keys = records.map((r) => recordKey(r.source, r.sourceKey));
  const indexOf = new Map(keys.map((k, i) => [k, i]));
  const fingerprints = records.map((r) => r.fingerprint);
  let newRecords = 0;
  let changedRecords = 0;
  let nextId = previous.maxRecordId + 1;
  const recordIds = keys.map((k, i) => {
    const prev = previous.recordIds.get(k);
    if (prev === undefined) {
      newRecords++;
      return nextId++;
    }
    if (previous.fingerprints.get(k) !== fingerprints[i]) changedRecords++;
    return prev;
  });
  const inputsKey = (modelId: number) => {
    const h = createHash('sha256');
    for (let i = 0; i < keys.length; i++)
      h.update(keys[i]!).update('\u0000').update(fingerprints[i]!).update('\n');
    for (const c of previous.constraints) h.update(`${c.kind}\u0000${c.a}\u0000${c.b}\n`);
    return h.update(JSON.stringify(config)).update(`model ${modelId}`).digest('hex');
  };
  const removed = previous.recordIds.size - (keys.length - newRecords);
  if (
    !opts.force &&
    !opts.retrain &&
    !opts.restore &&
    newRecords === 0 &&
    changedRecords === 0 &&
    removed === 0
  ) {
    if ((await readStateKey(wh)) === inputsKey(await latestModelId(wh))) {
      opts.onPhase?.('no record or decision changed: refreshing facts only');
      await wh.transaction((tx) => refreshFacts(tx, wh.dialect));
      return unchangedReport(records.length, new Set(previous.customerOf.values()).size);
    }
  }
  const constraints: Constraint[] = [];
  for (const c of previous.constraints) {
    const a = indexOf.get(c.a);
    const b = indexOf.get(c.b);
    if (a !== undefined && b !== undefined) constraints.push({ a, b, kind: c.kind });
  }

  opts.onPhase?.('comparing candidate pairs');
  const names = records.map((r) => nameFeatures(r.fullName, r.familyName, r.givenName));
  const p = config.probabilistic;
  let scored: ScoredPairs | null = null;
  const links: ScoredLink[] = [];
  if (p.enabled) {
    const stored = opts.retrain ? null : await readLatestModel(wh);
    scored = scoreCandidates(records, names, p, new BlockList(config.blocked), stored);
    const minName = NAME_LEVELS.indexOf(p.minNameLevelToMerge);
    const familyOnly = NAME_LEVELS.indexOf('family_only');
    const dateExact = DATE_LEVELS.length - 1;
    // Same family name, other given names: a parent and child, unless one name is only a family
    // name ('coffey', a lone 王) or the birth dates agree exactly (a mistyped given name; twins
    // are the known exception).
    const nameAllows = (k: number) => {
      const level = scored!.gamma[k * C]!;
      if (level >= minName) return true;
      if (level !== familyOnly) return false;
      if (scored!.gamma[k * C + 1] === dateExact) return true;
      const a = names[scored!.a[k]!];
      const b = names[scored!.b[k]!];
      return Math.min(a?.tokens.length ?? 0, b?.tokens.length ?? 0) <= 1;
    };
    const C = scored.params.comparisons.length;
    for (let k = 0; k < scored.a.length; k++) {
      const probability = scored.probability[k]!;
      // Column 0 of gamma is the name comparison (COMPARISONS order).
      if (probability >= p.autoMergeThreshold && nameAllows(k)) {
        links.push({ pair: k, a: scored.a[k]!, b: scored.b[k]!, probability });
      }
    }
    links.sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
  }

  opts.onPhase?.('clustering');
  const resolution = resolve(records, config, names, constraints, links, indexOf);
  let review: ReviewItem[] = [];
  if (scored) {
    review = reviewItems(records, scored, resolution.labels, p, previous.constraints, keys);
  }
  const assignment = assignIds({
    keys,
    labels: resolution.labels,
    rules: resolution.placement.rule,
    previous: previous.customerOf,
    ids: previous.ids,
    restore: opts.restore,
    prefix: config.idPrefix,
    now,
  });

  opts.onPhase?.('building golden records');
  const members = new Map<string, SourceRecord[]>();
  records.forEach((r, i) => {
    const id = assignment.customerOf[i]!;
    const list = members.get(id);
    if (list) list.push(r);
    else members.set(id, [r]);
  });
  const golden: GoldenRecord[] = [];
  for (const [id, list] of members) golden.push(goldenRecord(id, list));
  golden.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));

  opts.onPhase?.('writing');
  await wh.transaction((tx) =>
    writeResolution(tx, wh.dialect, {
      records,
      recordIds,
      fingerprints,
      placement: resolution.placement,
      assignment,
      previous,
      golden,
      actor: opts.actor,
      now,
    })
      .then(() =>
        scored
          ? writeProbabilistic(tx, {
              scored,
              recordIds,
              review,
              trained: (scored.training?.iterations ?? 0) > 0,
              autoMergeThreshold: p.autoMergeThreshold,
              reviewThreshold: p.reviewThreshold,
              usedLinks: resolution.usedLinks,
              now,
            })
          : undefined,
      )
      .then(async () => {
        await tx.query(sql`DELETE FROM identity.state`);
        await tx.query(
          sql`INSERT INTO identity.state (state_key, resolved_at) VALUES (${inputsKey(await latestModelId(tx))}, ${now})`,
        );
      }),
  );
  const changes: Record<HistoryAction, number> = {
    create: 0,
    merge: 0,
    split: 0,
    move: 0,
    unmerge: 0,
    retire: 0,
  };
  for (const e of assignment.history) changes[e.action]++;
  return {
    records: records.length,
    customers: members.size,
    newRecords,
    changedRecords,
    changes,
    skipped: false,
    stats: resolution.stats,
    probabilistic: scored
      ? {
          candidatePairs: scored.a.length,
          blocksSkipped: scored.blocksSkipped,
          autoLinks: links.length,
          queuedForReview: review.length,
          training: scored.training,
        }
      : null,
  };
}

/** The report of a run that found nothing new since the last one. */
function unchangedReport(records: number, customers: number): IdentityRunReport {
  return {
    records,
    customers,
    newRecords: 0,
    changedRecords: 0,
    changes: { create: 0, merge: 0, split: 0, move: 0, unmerge: 0, retire: 0 },
    skipped: true,
    stats: {
      records,
      customers,
      linksByRule: {},
      refused: { national_id_conflict: 0, cannot_link: 0 },
      contactsOverLimit: 0,
      attach: { attachedByContact: 0, attachedByLink: 0, ambiguous: 0, joinedNameless: 0 },
      largestCustomer: 0,
      oversized: 0,
    },
    probabilistic: null,
  };
}
