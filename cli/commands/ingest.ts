import type { Command } from 'commander';
import { runIngest } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { UsageError } from '../errors.ts';
import { textTable } from '../output/text-table.ts';

const MAX_ROWS = 40;

interface IngestOptions {
  json?: boolean;
  mapping?: string;
  source?: string;
}

/** Some files could not be read; the others were loaded. */
class IngestFailedError extends Error {
  constructor(errors: string[]) {
    super(
      `${errors.length} file${errors.length > 1 ? 's' : ''} could not be read and loaded nothing:\n  ${errors.join('\n  ')}`,
    );
  }
}

/** `cdp ingest <source> <paths...>`: loads files through a connector, or any file through a mapping. */
export function registerIngest(program: Command, run: Run): void {
  program
    .command('ingest')
    .description(
      'load files, directories or globs through a connector (one transaction per file; files already loaded are skipped)',
    )
    .argument(
      '<source>',
      'a source from jobs.config.ts, or a connector: pos, ecommerce, miniprogram, his, wms, tickets, crm, consents, file',
    )
    .argument('[paths...]', "files, directories or globs (default: the source's configured paths)")
    .option(
      '--mapping <file>',
      "for the file connector: the mapping JSON saying which columns become which canonical fields (default: the source's configured mapping)",
    )
    .option(
      '--source <name>',
      "for the file connector: the source name to write (default: the mapping's source)",
    )
    .option('--json', 'print the per-file reconciliation as JSON')
    .addHelpText(
      'after',
      `
Every file is reconciled: records read = loaded + quarantined + duplicates skipped, recorded in
ops.ingested_files; rejected records are in ops.quarantine with the reason.

The file connector reads any CSV, NDJSON or Parquet file (.csv .tsv .txt .ndjson .jsonl .parquet)
through a mapping: a JSON file naming the target table (source_records, orders, order_lines,
events or consents) and, per canonical column, the file's column, a template or a constant, with
date formats, the delimiter, the encoding (utf-8, gbk, auto) and which columns are phones, emails
and other identifiers. See docs/mapping.md; examples in examples/mappings/.

Examples:
  $ cdp ingest pos ./exports/pos
  $ cdp ingest ecommerce 'exports/ecommerce/orders-2025*.ndjson'
  $ cdp ingest file ../shared/data/febrl/febrl1.csv --mapping examples/mappings/febrl1.json
  $ cdp ingest file 'exports/crm/*.parquet' --mapping mappings/crm.json --source crm_export`,
    )
    .action(
      run(async (ctx: CommandContext, source: string, paths: string[], options: IngestOptions) => {
        if (!paths.length && !ctx.loaded.config.sources[source]?.paths.length) {
          throw new UsageError(
            source === 'file'
              ? 'give the files to ingest, e.g. cdp ingest file ./exports/members.csv --mapping mappings/members.json'
              : `give the files to ingest, e.g. cdp ingest ${source} ./exports/${source}`,
          );
        }
        const { warehouse } = await ctx.warehouse();
        const report = await runIngest(warehouse, ctx.loaded, ctx.log, source, paths, {
          ...(options.mapping !== undefined ? { mapping: options.mapping } : {}),
          ...(options.source !== undefined ? { source: options.source } : {}),
        });
        if (options.json) {
          process.stdout.write(JSON.stringify(report, null, 2) + '\n');
          return;
        }
        const shown = report.files.filter((f) => f.status !== 'skipped');
        const t = textTable(
          ['file', 'status', 'read', 'loaded', 'quarantined', 'duplicates'],
          shown
            .slice(0, MAX_ROWS)
            .map((f) => [f.path, f.status, f.read, f.loaded, f.quarantined, f.duplicates]),
        );
        const more =
          shown.length > MAX_ROWS ? `\n... and ${shown.length - MAX_ROWS} more files (--json lists all)` : '';
        const s = report.totals;
        process.stdout.write(
          `${shown.length ? t + more + '\n' : ''}${report.files.length} files (${s.skippedFiles} skipped: same content already loaded, ${s.failedFiles} failed, ${report.ignored.length} not recognised): read ${s.read} = loaded ${s.loaded} + quarantined ${s.quarantined} + duplicates ${s.duplicates}\n`,
        );
        const failed = report.files.filter((f) => f.status === 'failed');
        if (failed.length) throw new IngestFailedError(failed.map((f) => f.error ?? f.path));
      }),
    );
}
