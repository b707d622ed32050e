import { isAbsolute, resolve } from 'node:path';
import { syncDestination, type Destination, type SyncReport } from '../destinations/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { ConfigError } from './config/errors.ts';
import type { LoadedConfig } from './config/load.ts';
import { recordRun } from './job-runs.ts';
import type { Logger } from './log.ts';
import { todayIn } from './models-job.ts';
import { projectSegments } from './segments-job.ts';

/**
 * Refuses destinations that name a segment the project no longer defines (removed or renamed; the
 * segments job has taken its members out): a config error naming the key, so nothing goes out
 * from a stale audience. `names` limits the check to some destinations (default: all).
 */
export function checkDestinationSegments(loaded: LoadedConfig, names?: readonly string[]): void {
  const file = loaded.file ?? 'jobs.config.ts';
  const defined = Object.keys(projectSegments(loaded)).sort();
  const problems: string[] = [];
  for (const [name, dest] of Object.entries(loaded.config.destinations)) {
    if (names && !names.includes(name)) continue;
    const refs =
      dest.type === 'pull' ? dest.segments.map((s, i) => [s, `segments[${i}]`]) : [[dest.segment, 'segment']];
    for (const [segment, key] of refs) {
      if (!defined.includes(segment!)) {
        problems.push(
          `  destinations.${name}.${key}: no segment "${segment}" is defined (defined: ${defined.join(', ') || 'none'}); it was removed or renamed: point the destination at a defined segment or remove the destination`,
        );
      }
    }
  }
  if (problems.length) throw new ConfigError(file, `invalid config in ${file}:\n${problems.join('\n')}`);
}

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
    checkDestinationSegments(loaded, [name]);
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
