// Per-series choice of method from its backtest: the lowest WAPE pooled over the compared cutoffs;
// exact ties go to the simpler method (METHOD_NAMES order). When no WAPE is defined the choice is naive,
// with the reason.
//
// Which methods and cutoffs are compared: the candidates are the methods that ran at the last cutoff
// (the most data, so every method that can run on this series), and they are compared on the cutoffs at
// which all of them ran, so every candidate is scored on the same periods. A seasonal method that needs
// two seasons thus drops the earlier cutoffs of a short series rather than being left out.
import type { SeriesBacktest } from './backtest.ts';
import type { MethodName } from './forecast-result.ts';
import { METHOD_NAMES } from './methods.ts';
import { addSums, emptySums, wape, type ErrorSums } from './metrics.ts';

/**
 * lowest-wape: the usual case. zero-actuals: every compared actual is 0, so no WAPE is defined; naive then
 * forecasts the last value, which is 0. no-backtest: the series is not longer than the horizon, or no
 * method ran at the last cutoff; naive is the fallback.
 */
export type SelectionReason = 'lowest-wape' | 'zero-actuals' | 'no-backtest';

/** A candidate's backtest over the compared cutoffs. */
export interface MethodScore {
  readonly method: MethodName;
  readonly sums: ErrorSums;
  /** WAPE pooled over the compared cutoffs. */
  readonly wape: number | undefined;
}

export interface Selection {
  readonly method: MethodName;
  readonly reason: SelectionReason;
  /** The chosen method's backtest WAPE; undefined unless reason is lowest-wape. */
  readonly wape: number | undefined;
  /** One sentence for logs and the CLI. */
  readonly explanation: string;
  /** The cutoffs the candidates were compared on, ascending. */
  readonly cutoffs: readonly number[];
  /** Every candidate, in preference order. */
  readonly scores: readonly MethodScore[];
}

/** The candidates (methods that ran at the last cutoff) and the cutoffs at which all of them ran. */
export function comparedCutoffs(backtest: SeriesBacktest): { methods: MethodName[]; cutoffs: number[] } {
  const last = backtest.cutoffs.at(-1);
  if (last === undefined) return { methods: [], cutoffs: [] };
  const ran = new Map<number, Set<MethodName>>();
  for (const row of backtest.rows) {
    let methods = ran.get(row.cutoff);
    if (methods === undefined) ran.set(row.cutoff, (methods = new Set()));
    methods.add(row.method);
  }
  const methods = METHOD_NAMES.filter((method) => ran.get(last)?.has(method) === true);
  if (methods.length === 0) return { methods, cutoffs: [] };
  const cutoffs = backtest.cutoffs.filter((cutoff) =>
    methods.every((method) => ran.get(cutoff)?.has(method)),
  );
  return { methods, cutoffs };
}

/** Each candidate's error sums over the compared cutoffs of one series' backtest. */
export function scoreMethods(backtest: SeriesBacktest): MethodScore[] {
  const { methods, cutoffs } = comparedCutoffs(backtest);
  const compared = new Set(cutoffs);
  return methods.map((method) => {
    const sums = emptySums();
    for (const row of backtest.rows)
      if (row.method === method && compared.has(row.cutoff)) addSums(sums, row);
    return { method, sums, wape: wape(sums) };
  });
}

/** Chooses the method for one series from its backtest (see SelectionReason). */
export function selectMethod(backtest: SeriesBacktest): Selection {
  const { cutoffs } = comparedCutoffs(backtest);
  const scores = scoreMethods(backtest);
  const windows = `${cutoffs.length} cutoff${cutoffs.length === 1 ? '' : 's'}`;
  let best: MethodScore | undefined;
  for (const score of scores) {
    if (score.wape !== undefined && (best === undefined || score.wape < best.wape!)) best = score;
  }
  if (best !== undefined) {
    const others = scores
      .filter((s) => s !== best && s.wape !== undefined)
      .map((s) => `${s.method} ${s.wape!.toFixed(4)}`);
    return {
      method: best.method,
      reason: 'lowest-wape',
      wape: best.wape,
      explanation:
        `lowest backtest WAPE ${best.wape!.toFixed(4)} over ${windows}` +
        (others.length > 0 ? ` (${others.join(', ')})` : ''),
      cutoffs,
      scores,
    };
  }
  if (scores.length > 0) {
    return {
      method: 'naive',
      reason: 'zero-actuals',
      wape: undefined,
      explanation: `every actual in the backtest (${windows}) is 0, so no WAPE is defined: naive (the last value)`,
      cutoffs,
      scores,
    };
  }
  return {
    method: 'naive',
    reason: 'no-backtest',
    wape: undefined,
    explanation:
      backtest.cutoffs.length === 0
        ? `the series (${backtest.length} values) is too short to backtest: naive`
        : `no method ran at the last cutoff (${backtest.cutoffs.at(-1)} values): naive`,
    cutoffs,
    scores,
  };
}
