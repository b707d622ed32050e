import type { Warehouse } from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';
import type { Logger } from './log.ts';
import { tableCounts, type TableCount } from './status.ts';

/** One step the demo ran, for the summary. */
export interface DemoStep {
  readonly name: string;
  readonly seconds: number;
  readonly detail: string;
}

/** What `cdp demo` reports. */
export interface DemoResult {
  readonly steps: readonly DemoStep[];
  readonly tables: readonly TableCount[];
}

/** A step's result: one line, or one row per job it ran. */
type StepFn = (ctx: { wh: Warehouse; loaded: LoadedConfig; log: Logger }) => Promise<string | DemoStep[]>;

/**
 * The demo pipeline: every step that exists so far, in order, on the configured warehouse.
 * Later issues add their steps here (generate, ingest, identity, models, segments, exports).
 */
export async function runDemo(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  steps: readonly { name: string; run: StepFn }[],
): Promise<DemoResult> {
  const done: DemoStep[] = [];
  for (const step of steps) {
    const t0 = performance.now();
    log.info(`demo: ${step.name}...`);
    const detail = await step.run({ wh, loaded, log });
    if (Array.isArray(detail)) done.push(...detail);
    else done.push({ name: step.name, seconds: (performance.now() - t0) / 1000, detail });
  }
  return { steps: done, tables: await tableCounts(wh) };
}
