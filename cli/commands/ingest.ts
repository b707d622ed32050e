import type { Command } from 'commander';
import Table from 'cli-table3';
import { runIngest } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';

const MAX_ROWS = 40;

/** Some files could not be read; the others were loaded. */
class IngestFailedError extends Error {
  constructor(errors: string[]) {
    super(
      `${errors.length} file${errors.length > 1 ? 's' : ''} could not be read and loaded nothing:\n  ${errors.join('\n  ')}`,
    );
  }
}

/** `cdp ingest <source> <paths...>`: loads files through a connector. */
export function registerIngest(program: Command, run: Run): void {
  program
    .command('ingest')
    .description(
      'load files, directories or globs through a connector (one transaction per file; files already loaded are skipped)',
    )
    .argument(
      '<source>',
      'a source from jobs.config.ts, or a connector: pos, ecommerce, miniprogram, his, wms, tickets, crm, consents',
    )
    .argument('[paths...]', "files, directories or globs (default: the source's configured paths)")
    .option('--json', 'print the per-file reconciliation as JSON')
    .addHelpText(
      'after',
      `
Every file is reconciled: records read = loaded + quarantined + duplicates skipped, recorded in
ops.ingested_files; rejected records are in ops.quarantine with the reason.

Examples:
  $ cdp ingest pos ./exports/pos
  $ cdp ingest ecommerce 'exports/ecommerce/orders-2025*.ndjson'`,
    )
    .action(
      run(async (ctx: CommandContext, source: string, paths: string[], options: { json?: boolean }) => {
        if (!paths.length && !ctx.loaded.config.sources[source]?.paths.length) {
          throw new UsageError(`give the files to ingest, e.g. cdp ingest ${source} ./exports/${source}`);
        }
        const { warehouse } = await ctx.warehouse();
        const report = await runIngest(warehouse, ctx.loaded, ctx.log, source, paths);
        if (options.json) {
          process.stdout.write(JSON.stringify(report, null, 2) + '\n');
          return;
        }
        const t = new Table({
          head: ['file', 'status', 'read', 'loaded', 'quarantined', 'duplicates'],
          style: { head: [], border: [] },
        });
        const shown = report.files.filter((f) => f.status !== 'skipped');
        for (const f of shown.slice(0, MAX_ROWS))
          t.push([f.path, f.status, f.read, f.loaded, f.quarantined, f.duplicates]);
        const more =
          shown.length > MAX_ROWS ? `\n... and ${shown.length - MAX_ROWS} more files (--json lists all)` : '';
        const s = report.totals;
        process.stdout.write(
          `${shown.length ? t.toString() + more + '\n' : ''}${report.files.length} files (${s.skippedFiles} already loaded, ${s.failedFiles} failed, ${report.ignored.length} not recognised): read ${s.read} = loaded ${s.loaded} + quarantined ${s.quarantined} + duplicates ${s.duplicates}\n`,
        );
        const failed = report.files.filter((f) => f.status === 'failed');
        if (failed.length) throw new IngestFailedError(failed.map((f) => f.error ?? f.path));
      }),
    );
}
