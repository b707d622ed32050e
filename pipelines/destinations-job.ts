import { isAbsolute, resolve } from 'node:path';
import { syncDestination, type Destination, type SyncReport } from '../destinations/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';
import { todayIn } from './models-job.ts';

/** A destination with its paths (output directory, suppression files) made relative to the config file. */
export function resolvedDestination(loaded: LoadedConfig, dest: Destination): Destination {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(loaded.baseDir, p));
  const suppressionLists = dest.suppressionLists.map((s) => ('file' in s ? { ...s, file: at(s.file) } : s));
  return dest.type === 'file'
    ? { ...dest, directory: at(dest.directory), suppressionLists }
    : { ...dest, suppressionLists };
}

/** Sends a destination's segment changes as the recorded job `export_<name>`. */
export async function runExportJob(
  wh: Warehouse,
  loaded: LoadedConfig,
  log: Logger,
  name: string,
  opts: { asOf?: string; now?: Date } = {},
): Promise<SyncReport & { runId: string; asOf: string }> {
  const dest = loaded.config.destinations[name];
  if (!dest) throw new Error(`no destination "${name}" in ${loaded.file ?? 'jobs.config.ts'}`);
  if (dest.type === 'pull') throw new Error(`destination "${name}" is pulled (cdp serve), not exported`);
  const asOf = opts.asOf ?? todayIn(loaded.config.warehouse.timezone);
  const r = await recordRun(wh, `export_${name}`, asOf, async () => {
    const report = await syncDestination(wh, name, resolvedDestination(loaded, dest), {
      asOf,
      now: opts.now ?? new Date(),
    });
    log.info(
      `export_${name}: ${report.adds} adds, ${report.removes} removes to ${dest.type === 'file' ? report.files.join(', ') || '(no file: nothing to send)' : dest.url}; left out: ${report.noConsent} without consent, ${report.suppressed} suppressed, ${report.capped} over the frequency cap, ${report.heldOut} held out`,
    );
    return {
      ...report,
      rowsWritten: report.adds + report.removes,
      details: { ...report },
    };
  });
  return { ...r, asOf };
}
