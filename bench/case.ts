// The contract every benchmark case follows, and the timing helpers they share. A case never
// reports a lone absolute time: it measures ours and a baseline in the same run, interleaved, so
// the ratio survives the noise of small shared machines.
import { performance } from 'node:perf_hooks';
import type { Warehouse, WarehouseTarget } from '../warehouse/index.ts';

export const ENGINES = ['duckdb', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** One benchmark: what it measures and how. Register it in bench/cases/index.ts. */
export interface BenchCase {
  /** Kebab-case, unique; `--only` matches a substring of it. */
  readonly name: string;
  readonly description: string;
  /** Engines it runs on, once per engine; omitted means it needs no warehouse and runs once. */
  readonly engines?: readonly Engine[];
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** What the runner hands a case. */
export interface BenchContext {
  /** The engine of this run; null for a case without `engines`. */
  readonly engine: Engine | null;
  /** Multiplier for the case's default size (`--scale`). */
  readonly scale: number;
  /** How many interleaved trials of ours and of the baseline (`--repeat`). */
  readonly repeat: number;
  /** A scratch dir for this run, readable by the PostgreSQL server user; removed at the end. */
  readonly scratchDir: string;
  /** Base URL of the PostgreSQL server, when a selected case needs one. */
  readonly pgUrl: string | null;
  /** A fresh, migrated, empty warehouse on `engine`; `dispose` closes and deletes it. */
  freshWarehouse(label: string): Promise<FreshWarehouse>;
  /** Progress for the operator, on stderr. */
  log(line: string): void;
}

export interface FreshWarehouse {
  readonly warehouse: Warehouse;
  /** Where it lives, for a baseline that talks to the engine without our layer. */
  readonly target: WarehouseTarget;
  dispose(): Promise<void>;
}

/** The figures of one case on one engine. Rates are per second of `units`. */
export interface BenchResult {
  /** What `count` counts: 'rows', 'queries', ... */
  readonly units: string;
  readonly count: number;
  /** What the baseline is, e.g. "DuckDB read_csv of the same rows". */
  readonly baseline: string;
  /** Median seconds over the trials. */
  readonly oursSeconds: number;
  readonly baselineSeconds: number;
  readonly oursPerSecond: number;
  readonly baselinePerSecond: number;
  /** Ours throughput / baseline throughput: at least 1 means we are faster. */
  readonly ratio: number;
  /** Every trial, in seconds, in the order run. */
  readonly samples: { readonly ours: readonly number[]; readonly baseline: readonly number[] };
  /** Free-form figures, e.g. processPeakRssMb (the process's high-water mark at the end of the case). */
  readonly extra: Readonly<Record<string, number | string>>;
}

/** Seconds `fn` takes, by the monotonic clock. */
export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** A trial does its own untimed setup and teardown and returns the seconds of the measured part. */
export type Trial = () => Promise<number>;

/**
 * Runs ours and the baseline `repeat` times each, alternating which goes first so that warm-up,
 * caches and background load fall on both sides alike.
 */
export async function interleave(
  repeat: number,
  ours: Trial,
  baseline: Trial,
  log: (line: string) => void = () => {},
): Promise<{ ours: number[]; baseline: number[] }> {
  const out = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < repeat; i++) {
    const order: ['ours' | 'baseline', Trial][] = [
      ['ours', ours],
      ['baseline', baseline],
    ];
    if (i % 2 === 1) order.reverse();
    for (const [side, trial] of order) {
      const seconds = await trial();
      out[side].push(seconds);
      log(`trial ${i + 1}/${repeat} ${side}: ${seconds.toFixed(3)} s`);
    }
  }
  return out;
}

/**
 * For operations of milliseconds, where a slow spell of the machine lasts longer than a whole
 * trial: each trial alternates `rounds` small timed steps of ours and of the baseline and sums
 * each side, so both sides see the same spells. A step gets its round number.
 */
export async function alternate(opts: {
  repeat: number;
  rounds: number;
  ours: (round: number) => Promise<unknown>;
  baseline: (round: number) => Promise<unknown>;
  log?: (line: string) => void;
}): Promise<{ ours: number[]; baseline: number[] }> {
  const out = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < opts.repeat; i++) {
    let ours = 0;
    let baseline = 0;
    for (let round = 0; round < opts.rounds; round++) {
      if (round % 2 === 0) {
        ours += await timed(() => opts.ours(round));
        baseline += await timed(() => opts.baseline(round));
      } else {
        baseline += await timed(() => opts.baseline(round));
        ours += await timed(() => opts.ours(round));
      }
    }
    out.ours.push(ours);
    out.baseline.push(baseline);
    opts.log?.(`trial ${i + 1}/${opts.repeat}: ours ${ours.toFixed(3)} s, baseline ${baseline.toFixed(3)} s`);
  }
  return out;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Builds a result from the trials: medians, rates and the ratio. */
export function benchResult(input: {
  units: string;
  count: number;
  baseline: string;
  samples: { ours: readonly number[]; baseline: readonly number[] };
  extra?: Record<string, number | string>;
}): BenchResult {
  const oursSeconds = median(input.samples.ours);
  const baselineSeconds = median(input.samples.baseline);
  const oursPerSecond = input.count / oursSeconds;
  const baselinePerSecond = input.count / baselineSeconds;
  return {
    units: input.units,
    count: input.count,
    baseline: input.baseline,
    oursSeconds,
    baselineSeconds,
    oursPerSecond,
    baselinePerSecond,
    ratio: oursPerSecond / baselinePerSecond,
    samples: input.samples,
    extra: { processPeakRssMb: peakRssMb(), ...input.extra },
  };
}

/** Peak resident set size of this process so far, in MB (the kernel's high-water mark). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** The case's size: its default times `--scale`, at least 1. */
export function scaled(ctx: Pick<BenchContext, 'scale'>, base: number): number {
  return Math.max(1, Math.round(base * ctx.scale));
}
