import { createHash } from 'node:crypto';

/**
 * Changes whenever the same inputs could resolve differently, or incremental runs need state the
 * previous version did not keep (4: identity.records.snapshot): a run then resolves everything.
 */
const ALGORITHM_VERSION = 4;
import { sql, type Warehouse } from '../warehouse/index.ts';
import { assignIds, type HistoryAction } from './assign-ids.ts';
import type { IdentityConfig } from './config.ts';
import { goldenRecord, type GoldenRecord } from './golden.ts';
import { readSourceRecords, recordKey, unpackSnapshot, type SourceRecord } from './records.ts';
import { DATE_LEVELS, NAME_LEVELS, nameFeatures, type NameFeatures } from './compare/index.ts';
import { affectedRegion, type Ghost, type Region } from './incremental.ts';
import { BlockList } from './identifier-index.ts';
import { scoreCandidates, scoreGivenPairs, type ScoredPairs } from './probabilistic.ts';
import { resolve, type Constraint, type ResolveStats, type ScoredLink } from './resolve.ts';
import { reviewItems, type ReviewItem } from './review-items.ts';
import { latestModelId, readLatestModel, readPreviousState, readSnapshots, readStateKey } from './state.ts';
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
  /** Records resolved by this run: all on a full run, the new ones and what they touch on an incremental one. */
  readonly resolved: number;
  /** Records not seen by the previous run, and records whose identity fields changed since. */
  readonly newRecords: number;
  readonly changedRecords: number;
  /** Records the previous run placed that are gone from core.source_records. */
  readonly removedRecords: number;
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
  opts.onPhase?.('reading the previous state');
  const previous = await readPreviousState(wh, wh.dialect);
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
  // The state key is `<settings>.<records>`: the decisions, the config, the model and the version
  // of this algorithm; then every record's fingerprint. A run with the same settings after only
  // new records resolves incrementally; with everything the same it does nothing.
  const settingsKey = (modelId: number) => {
    const h = createHash('sha256').update(`identity ${ALGORITHM_VERSION}\n`);
    for (const c of previous.constraints) h.update(`${c.kind}\u0000${c.a}\u0000${c.b}\n`);
    return h.update(JSON.stringify(config)).update(`model ${modelId}`).digest('hex');
  };
  const recordsHash = createHash('sha256');
  for (let i = 0; i < keys.length; i++)
    recordsHash.update(keys[i]!).update('\u0000').update(fingerprints[i]!).update('\n');
  const recordsKey = recordsHash.digest('hex');
  const inputsKey = (modelId: number) => `${settingsKey(modelId)}.${recordsKey}`;
  const removedKeys: string[] = [];
  if (previous.recordIds.size > keys.length - newRecords) {
    for (const k of previous.recordIds.keys()) if (!indexOf.has(k)) removedKeys.push(k);
  }
  const plain = !opts.force && !opts.retrain && !opts.restore;
  const stateKey = plain ? await readStateKey(wh) : null;
  const modelId = await latestModelId(wh);
  if (plain && newRecords === 0 && changedRecords === 0 && stateKey === inputsKey(modelId)) {
    opts.onPhase?.('no record or decision changed: refreshing facts only');
    await wh.transaction((tx) => refreshFacts(tx, wh.dialect));
    return unchangedReport(records.length, new Set(previous.customerOf.values()).size);
  }
  const storedModel = opts.retrain || !config.probabilistic.enabled ? null : await readLatestModel(wh);
  // Only records new, changed or removed since a run with the same settings, and a model that
  // scores any pair the way it did then: resolve those and what they can change, keep the rest.
  // The previous versions of changed and removed records come from their stored snapshots.
  let ghosts: Ghost[] | null =
    plain &&
    newRecords + changedRecords + removedKeys.length > 0 &&
    stateKey !== null &&
    stateKey.startsWith(`${settingsKey(modelId)}.`) &&
    previous.withoutSnapshot.size === 0 &&
    (!config.probabilistic.enabled || storedModel?.frequencies?.[0] !== undefined)
      ? []
      : null;
  const fresh = new Uint8Array(records.length);
  if (ghosts) {
    const gone: { key: string; recordId: number }[] = [];
    keys.forEach((k, i) => {
      const id = previous.recordIds.get(k);
      if (id === undefined) fresh[i] = 1;
      else if (previous.fingerprints.get(k) !== fingerprints[i]) {
        fresh[i] = 1;
        gone.push({ key: k, recordId: id });
      }
    });
    for (const k of removedKeys) gone.push({ key: k, recordId: previous.recordIds.get(k)! });
    const snapshots = await readSnapshots(
      wh,
      gone.map((g) => g.recordId),
    );
    for (const { key, recordId } of gone) {
      const text = snapshots.get(recordId);
      const slash = key.indexOf('/');
      const record = text ? unpackSnapshot(key.slice(0, slash), key.slice(slash + 1), text) : null;
      if (!record) {
        ghosts = null;
        break;
      }
      const name = nameFeatures(record.fullName, record.familyName, record.givenName);
      ghosts.push({ record, name, customer: previous.customerOf.get(key)! });
    }
  }
  const incremental = ghosts !== null;
  const constraints: Constraint[] = [];
  for (const c of previous.constraints) {
    const a = indexOf.get(c.a);
    const b = indexOf.get(c.b);
    if (a !== undefined && b !== undefined) constraints.push({ a, b, kind: c.kind });
  }

  opts.onPhase?.('name features');
  const names = records.map((r) => nameFeatures(r.fullName, r.familyName, r.givenName));
  const p = config.probabilistic;
  let scored: ScoredPairs | null = null;
  let region: Region | null = null;
  if (incremental) {
    opts.onPhase?.('finding what the new, changed and removed records can change');
    const model = storedModel
      ? { params: storedModel.params, frequencies: storedModel.frequencies![0]! }
      : null;
    region = affectedRegion({
      records,
      names,
      config,
      fresh,
      ghosts: ghosts!,
      previousCustomer: (i) => previous.customerOf.get(keys[i]!),
      mustLinks: constraints.filter((c) => c.kind === 'must_link'),
      byKey: indexOf,
      model,
    });
    // The region search compared every pair touching the region; scoring them is cheap.
    if (model) scored = scoreGivenPairs(names, model, region.pairs);
  } else if (p.enabled) {
    scored = scoreCandidates(records, names, p, new BlockList(config.blocked), storedModel, opts.onPhase);
  }
  const links = scored ? autoLinks(scored, names, p) : [];

  // The records this run resolves: all of them, or an incremental run's region (in record order,
  // so every phase visits them in the order a full run would).
  const rows = region?.records ?? null;
  const localOf = new Int32Array(records.length).fill(-1);
  if (rows) rows.forEach((i, k) => (localOf[i] = k));
  const local = <T>(all: readonly T[]): T[] => (rows ? Array.from(rows, (i) => all[i]!) : [...all]);
  const localRecords = local(records);
  const localKeys = local(keys);
  const localConstraints = rows
    ? constraints.flatMap((c) =>
        localOf[c.a]! >= 0 && localOf[c.b]! >= 0 ? [{ ...c, a: localOf[c.a]!, b: localOf[c.b]! }] : [],
      )
    : constraints;
  const localLinks = rows
    ? links.flatMap((l) => {
        if (localOf[l.a]! < 0 || localOf[l.b]! < 0) {
          throw new Error(
            `identity: a pair that links crosses the incremental region (${keys[l.a]}, ${keys[l.b]})`,
          );
        }
        return [{ ...l, a: localOf[l.a]!, b: localOf[l.b]! }];
      })
    : links;

  opts.onPhase?.('clustering');
  const resolution = resolve(
    localRecords,
    config,
    local(names),
    localConstraints,
    localLinks,
    rows ? new Map(localKeys.map((k, i) => [k, i])) : indexOf,
    region?.droppedContacts,
  );
  let review: ReviewItem[] = [];
  if (scored) {
    opts.onPhase?.('review items');
    let labels = resolution.labels;
    if (rows) {
      // Records outside the region are in none of its customers.
      labels = Int32Array.from(records.keys(), (i) => records.length + i);
      rows.forEach((i, k) => (labels[i] = rows[resolution.labels[k]!]!));
    }
    review = reviewItems(records, scored, labels, p, previous.constraints, keys);
  }
  opts.onPhase?.('assigning IDs');
  // Only the IDs the resolved and removed records had can change or retire.
  const scope = rows
    ? new Set([...localKeys, ...removedKeys].flatMap((k) => previous.customerOf.get(k) ?? []))
    : undefined;
  const assignment = assignIds({
    keys: localKeys,
    labels: resolution.labels,
    rules: resolution.placement.rule,
    previous: previous.customerOf,
    ids: previous.ids,
    restore: opts.restore,
    prefix: config.idPrefix,
    now,
    scope,
  });

  opts.onPhase?.('building golden records');
  const members = new Map<string, SourceRecord[]>();
  localRecords.forEach((r, i) => {
    const id = assignment.customerOf[i]!;
    const list = members.get(id);
    if (list) list.push(r);
    else members.set(id, [r]);
  });
  const golden: GoldenRecord[] = [];
  for (const [id, list] of members) golden.push(goldenRecord(id, list));
  golden.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  let customers = members.size;
  if (rows) {
    const all = new Set<string>(assignment.customerOf);
    keys.forEach((k, i) => {
      if (localOf[i]! < 0) all.add(previous.customerOf.get(k)!);
    });
    customers = all.size;
  }

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
      region: rows ?? undefined,
      removed: removedKeys,
    })
      .then(() =>
        scored
          ? writeProbabilistic(tx, {
              scored,
              recordIds,
              review,
              autoMergeThreshold: p.autoMergeThreshold,
              reviewThreshold: p.reviewThreshold,
              usedLinks: resolution.usedLinks,
              now,
              scope: rows
                ? {
                    recordIds: [
                      ...Array.from(rows, (i) => recordIds[i]!),
                      ...removedKeys.map((k) => previous.recordIds.get(k)!),
                    ],
                    keys: [...localKeys, ...removedKeys],
                  }
                : undefined,
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
  opts.onPhase?.('done');
  return {
    records: records.length,
    customers,
    resolved: localRecords.length,
    newRecords,
    changedRecords,
    removedRecords: removedKeys.length,
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

/**
 * Pairs at or above the auto-merge threshold whose names allow a merge, best first. Same family
 * name, other given names: a parent and child, unless one name is only a family name ('coffey',
 * a lone 王). Names below the minimum merge when the birth dates agree exactly: a given name
 * mistyped, or a whole name garbled or replaced ('eeorG Wellaa', FEBRL's 'rosie reid' / 'kyle
 * brain'), which a parent and child never are; twins are the known exception.
 */
function autoLinks(
  scored: ScoredPairs,
  names: readonly (NameFeatures | null)[],
  p: IdentityConfig['probabilistic'],
): ScoredLink[] {
  const C = scored.params.comparisons.length;
  const minName = NAME_LEVELS.indexOf(p.minNameLevelToMerge);
  const familyOnly = NAME_LEVELS.indexOf('family_only');
  const dateExact = DATE_LEVELS.length - 1;
  // Column 0 of gamma is the name comparison, column 1 the birth date (COMPARISONS order).
  const nameAllows = (k: number) => {
    const level = scored.gamma[k * C]!;
    if (level >= minName || scored.gamma[k * C + 1] === dateExact) return true;
    if (level !== familyOnly) return false;
    const a = names[scored.a[k]!];
    const b = names[scored.b[k]!];
    return Math.min(a?.tokens.length ?? 0, b?.tokens.length ?? 0) <= 1;
  };
  const links: ScoredLink[] = [];
  for (let k = 0; k < scored.a.length; k++) {
    const probability = scored.probability[k]!;
    if (probability >= p.autoMergeThreshold && nameAllows(k)) {
      links.push({ pair: k, a: scored.a[k]!, b: scored.b[k]!, probability });
    }
  }
  return links.sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
}

/** The report of a run that found nothing new since the last one. */
function unchangedReport(records: number, customers: number): IdentityRunReport {
  return {
    records,
    customers,
    resolved: 0,
    newRecords: 0,
    changedRecords: 0,
    removedRecords: 0,
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
