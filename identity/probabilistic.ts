import { soundKey } from './sound-key.ts';
import {
  ADDRESS_LEVELS,
  compareAddresses,
  compareDates,
  compareEmails,
  compareExact,
  compareNames,
  DATE_LEVELS,
  EMAIL_LEVELS,
  EXACT_LEVELS,
  NAME_LEVELS,
  normaliseAddress,
  type AddressFeatures,
  type NameFeatures,
} from './compare/index.ts';
import type { IdentityConfig } from './config.ts';
import {
  clampProbability,
  estimateM,
  estimateU,
  scorePairs,
  type ComparisonSpec,
  type FsParams,
  type StoredModel,
  type TermFrequencyAdjustment,
} from './fellegi-sunter/index.ts';
import type { BlockList } from './identifier-index.ts';
import type { SourceRecord } from './records.ts';

/** The comparisons of the model, in gamma column order. */
export const COMPARISONS: readonly ComparisonSpec[] = [
  { name: 'name', levels: NAME_LEVELS },
  { name: 'birth_date', levels: DATE_LEVELS },
  { name: 'address', levels: ADDRESS_LEVELS },
  { name: 'phone', levels: EXACT_LEVELS },
  { name: 'email', levels: EMAIL_LEVELS },
  { name: 'gender', levels: EXACT_LEVELS },
];
const C = COMPARISONS.length;

/** Every candidate pair with its comparison levels and scores (record indices, a < b). */
export interface ScoredPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly gamma: Uint8Array;
  readonly weight: Float64Array;
  readonly probability: Float64Array;
  readonly params: FsParams;
  /** Set when this run estimated the model. */
  readonly training: { iterations: number; converged: boolean; randomPairs: number } | null;
  readonly blocksSkipped: number;
  /** The term-frequency adjustment the scores used, for explaining a pair the same way. */
  readonly tf: TermFrequencyAdjustment;
  /** Name frequencies the scores used: part of the model. */
  readonly frequencies: ReadonlyMap<string, number>;
  /** The model (params and frequencies) is new: store it. */
  readonly storeModel: boolean;
}

/** Per-record features the comparisons read, built once. */
export interface Features {
  readonly names: readonly (NameFeatures | null)[];
  /** Normalised address of record i, built on first use (only records in pairs need one). */
  address(i: number): AddressFeatures | null;
}

function gammaOf(
  records: readonly SourceRecord[],
  f: Features,
  a: number,
  b: number,
  out: Uint8Array,
  at: number,
): void {
  const ra = records[a]!;
  const rb = records[b]!;
  out[at] = compareNames(f.names[a]!, f.names[b]!);
  out[at + 1] = compareDates(ra.birthDate, rb.birthDate);
  out[at + 2] = compareAddresses(f.address(a), f.address(b));
  out[at + 3] = ra.phones.length === 0 || rb.phones.length === 0 ? 0 : shares(ra.phones, rb.phones) ? 2 : 1;
  out[at + 4] =
    ra.emails.length === 0 || rb.emails.length === 0
      ? 0
      : shares(ra.emails, rb.emails)
        ? EMAIL_LEVELS.length - 1
        : compareEmails(ra.emails[0]!, rb.emails[0]!);
  out[at + 5] = compareExact(ra.gender, rb.gender);
}

function shares(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) if (a[i] === b[j]) return true;
  return false;
}

/** sfc32: a small seeded PRNG so the random pairs, and so u, are the same every run. */
function prng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * Blocking keys of a named record: records sharing a phone, an email, the name's sound (alone,
 * with the birth date or with the city), the birth date, or the family name with the birth date
 * or city are candidate pairs. Keys starting with '~' are loose (see blockLimit).
 */
export function blockKeys(
  r: SourceRecord,
  name: NameFeatures,
  blocked: BlockList,
  emit: (key: string) => void,
): void {
  const sound = soundKey(name);
  for (const p of r.phones) if (!blocked.blocks('phone', p)) emit(`p|${p}`);
  for (const e of r.emails) if (!blocked.blocks('email', e)) emit(`e|${e}`);
  if (r.birthDate) emit(`nb|${sound}|${r.birthDate}`);
  if (r.city) emit(`nc|${sound}|${r.city}`);
  if (r.birthDate && name.family) emit(`fb|${name.family}|${r.birthDate}`);
  // Keys that survive a typo in the name (dates, the place) or in the date (the name alone);
  // common values overflow the limit and are skipped.
  emit(`~n|${sound}`);
  if (r.birthDate) emit(`~b|${r.birthDate}`);
  if (name.family && r.city) emit(`~fc|${name.family}|${r.city}`);
}

/**
 * The most records a block may hold before it is skipped: a key held by more is too common to tell
 * anyone apart and would make pairs quadratic. A single field (the name's sound, the birth date)
 * or a family name in a city says little on its own: those blocks stop at a tenth of the size, or
 * a million records would spend most of the time comparing strangers born on the same day.
 */
export function blockLimit(key: string, maxBlock: number): number {
  return key.startsWith('~') ? Math.max(2, Math.floor(maxBlock / 10)) : maxBlock;
}

/** Named records by blocking key, members in record order. */
export function buildBlocks(
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
  blocked: BlockList,
): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  for (let i = 0; i < records.length; i++) {
    const name = names[i];
    if (!name) continue;
    blockKeys(records[i]!, name, blocked, (key) => {
      const list = blocks.get(key);
      if (list) list.push(i);
      else blocks.set(key, [i]);
    });
  }
  return blocks;
}

/** Pair codes a * n + b (a < b, exact below 2^53) sorted and deduplicated into index arrays. */
export function uniquePairs(codes: Float64Array, n: number): { a: Int32Array; b: Int32Array } {
  const sorted = codes.sort();
  let unique = 0;
  for (let k = 0; k < sorted.length; k++)
    if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[unique++] = sorted[k]!;
  const a = new Int32Array(unique);
  const b = new Int32Array(unique);
  for (let k = 0; k < unique; k++) {
    const code = sorted[k]!;
    a[k] = Math.floor(code / n);
    b[k] = code - a[k]! * n;
  }
  return { a, b };
}

/** Candidate pairs: every pair of records in a block within its limit, sorted by (a, b). */
function candidatePairs(
  n: number,
  blocks: ReadonlyMap<string, readonly number[]>,
  maxBlock: number,
): { a: Int32Array; b: Int32Array; skipped: number } {
  // Each pair as one number, sorted and deduplicated as a typed array: a Set of millions of pairs
  // cost more time and memory than all the comparisons.
  let codes = new Float64Array(1 << 16);
  let size = 0;
  let skipped = 0;
  for (const [key, list] of blocks) {
    if (list.length < 2) continue;
    if (list.length > blockLimit(key, maxBlock)) {
      skipped++;
      continue;
    }
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x]!;
        const j = list[y]!;
        if (size === codes.length) {
          const grown = new Float64Array(codes.length * 2);
          grown.set(codes);
          codes = grown;
        }
        codes[size++] = i < j ? i * n + j : j * n + i;
      }
    }
  }
  // Sorted by (a, b), so gamma rows, scores and everything derived are in one order on every run.
  return { ...uniquePairs(codes.subarray(0, size), n), skipped };
}

/** Features of the records, address features built on first use. */
export function recordFeatures(
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
): Features {
  const addresses = new Array<AddressFeatures | null | undefined>(records.length);
  return {
    names,
    address: (i) => {
      let v = addresses[i];
      if (v === undefined) {
        const r = records[i]!;
        v = addresses[i] = normaliseAddress(r.province, r.city, r.district, r.address);
      }
      return v;
    },
  };
}

/** The comparison levels of pairs (a[p], b[p]), C bytes per pair. */
export function comparePairs(
  records: readonly SourceRecord[],
  features: Features,
  a: Int32Array,
  b: Int32Array,
): Uint8Array {
  const gamma = new Uint8Array(a.length * C);
  for (let p = 0; p < a.length; p++) gammaOf(records, features, a[p]!, b[p]!, gamma, p * C);
  return gamma;
}

/**
 * Relative frequencies of names among named records, kept only where the term-frequency
 * adjustment is not zero (more frequent than the exact level's u): the rest score as if absent.
 */
export function nameFrequencies(
  names: readonly (NameFeatures | null)[],
  params: FsParams,
): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  let namedCount = 0;
  for (const f of names) {
    if (!f) continue;
    namedCount++;
    counts.set(f.norm, (counts.get(f.norm) ?? 0) + 1);
  }
  const u = params.u[0]![params.u[0]!.length - 1]!;
  const out = new Map<string, number>();
  for (const [v, c] of counts) {
    const f = c / Math.max(1, namedCount);
    if (clampProbability(f) > clampProbability(u)) out.set(v, f);
  }
  return out;
}

/** Scores of pairs with their levels, the name comparison adjusted by the model's name frequencies. */
export function scoreGamma(
  params: FsParams,
  frequencies: ReadonlyMap<string, number>,
  names: readonly (NameFeatures | null)[],
  a: Int32Array,
  gamma: Uint8Array,
): { weight: Float64Array; probability: Float64Array; tf: TermFrequencyAdjustment } {
  // Agreeing on a common name (王伟) says less than agreeing on a rare one.
  const tf: TermFrequencyAdjustment = {
    frequencies: { 0: frequencies },
    values: (p, c) => (c === 0 ? (names[a[p]!]?.norm ?? null) : null),
  };
  return { ...scorePairs(params, gamma, tf), tf };
}

// Comparisons whose u stays as sampled, matches included. Strangers share names far more often
// than a sample of a few thousand people shows (李珍 / 李珍, the homophones 陈梅 / 陈玫), and the
// name's term-frequency adjustment counts names per record, duplicates included, too: on the
// generator's data a match-free name u let a bare name, nothing else agreeing, merge two people.
// A household shares its phone and its family name, which independent comparisons cannot see: a
// match-free phone u merged mothers and daughters with similar names in the bench (precision
// 0.9936 -> 0.9914).
const SAMPLED_U: ReadonlySet<string> = new Set(['name', 'phone']);

/**
 * u from the random pairs, each counted by its probability of being a non-match under `params`.
 * Random pairs are not all non-matches: where people have several records (fake_1000: 5.5 per
 * person, 0.6% of random pairs match) the matches among them made exact birth dates and emails
 * look 20-100 times as common among strangers as they are, and so too weak to merge.
 */
function matchFreeU(params: FsParams, randomGamma: Uint8Array): number[][] {
  const nonMatch = scorePairs(params, randomGamma).probability.map((p) => 1 - p);
  const free = estimateU(COMPARISONS, randomGamma, nonMatch);
  return COMPARISONS.map((spec, c) => (SAMPLED_U.has(spec.name) ? [...params.u[c]!] : free[c]!));
}

/**
 * The probabilistic phase's scoring: candidate pairs by blocking, their comparison levels, and
 * Fellegi-Sunter scores. Without a stored model, u is estimated from random record pairs, m and
 * the prior by EM on the candidates (no labels needed), and the name frequencies are counted: all
 * three are the model, so a later run scores a pair exactly as this one did.
 */
export function scoreCandidates(
  records: readonly SourceRecord[],
  names: readonly (NameFeatures | null)[],
  config: IdentityConfig['probabilistic'],
  blocked: BlockList,
  model: StoredModel | null,
  onPhase?: (phase: string) => void,
): ScoredPairs {
  const features = recordFeatures(records, names);
  onPhase?.('blocking');
  const { a, b, skipped } = candidatePairs(
    records.length,
    buildBlocks(records, names, blocked),
    config.maxBlockSize,
  );
  onPhase?.('comparing candidate pairs');
  const gamma = comparePairs(records, features, a, b);

  let params = model?.params ?? null;
  let training: ScoredPairs['training'] = null;
  if (!params) {
    onPhase?.('training');
    const named: number[] = [];
    names.forEach((f, i) => f && named.push(i));
    const random = prng(config.seed);
    const k = named.length < 2 ? 0 : config.randomPairs;
    const randomGamma = new Uint8Array(k * C);
    for (let p = 0; p < k; p++) {
      const xi = Math.floor(random() * named.length);
      let yi = Math.floor(random() * named.length);
      if (yi === xi) yi = (xi + 1) % named.length;
      const x = named[xi]!;
      const y = named[yi]!;
      gammaOf(records, features, Math.min(x, y), Math.max(x, y), randomGamma, p * C);
    }
    const allPairs = (named.length * (named.length - 1)) / 2;
    // EM's lambda is the share of matches among the candidate pairs, which blocking has made
    // mostly matches. Scoring needs the prior of two random records matching (as Splink's
    // probability_two_random_records_match): the expected matches spread over all pairs. With
    // the blocked prior, a household's shared phone and address alone would outvote the names.
    const withPrior = (em: FsParams): FsParams => {
      const expected = em.lambda * a.length;
      return { ...em, lambda: Math.min(0.5, Math.max(1e-9, allPairs > 0 ? expected / allPairs : 1e-9)) };
    };
    const opts = { maxIterations: config.maxIterations };
    let em = estimateM(COMPARISONS, gamma, estimateU(COMPARISONS, randomGamma), opts);
    let iterations = em.iterations;
    params = withPrior(em.params);
    if (k > 0) {
      // Once more with u from the random pairs that are not matches (matchFreeU). Repeating it
      // again changes nothing on FEBRL, fake_1000 or the generator's data.
      em = estimateM(COMPARISONS, gamma, matchFreeU(params, randomGamma), opts);
      iterations += em.iterations;
      params = withPrior(em.params);
    }
    training = { iterations, converged: em.converged, randomPairs: k };
  }

  onPhase?.('scoring');
  // A model stored before name frequencies were part of it gets them from this run's data.
  const frequencies = model?.frequencies?.[0] ?? nameFrequencies(names, params);
  const { weight, probability, tf } = scoreGamma(params, frequencies, names, a, gamma);
  return {
    a,
    b,
    gamma,
    weight,
    probability,
    params,
    frequencies,
    storeModel: training !== null || !model?.frequencies?.[0],
    training,
    blocksSkipped: skipped,
    tf,
  };
}

/** Scores of pairs already compared (sorted by (a, b)) with a stored model: an incremental run's pairs. */
export function scoreGivenPairs(
  names: readonly (NameFeatures | null)[],
  model: { params: FsParams; frequencies: ReadonlyMap<string, number> },
  pairs: { a: Int32Array; b: Int32Array; gamma: Uint8Array },
): ScoredPairs {
  const { a, b, gamma } = pairs;
  const { weight, probability, tf } = scoreGamma(model.params, model.frequencies, names, a, gamma);
  return {
    a,
    b,
    gamma,
    weight,
    probability,
    params: model.params,
    frequencies: model.frequencies,
    storeModel: false,
    training: null,
    blocksSkipped: 0,
    tf,
  };
}
