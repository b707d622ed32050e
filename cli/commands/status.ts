import type { Command } from 'commander';
import { quarantineCounts, recentRuns, tableCounts } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { textTable } from '../output/text-table.ts';

/** `cdp status`: where the warehouse is, its tables and row counts, recent runs, quarantine. */
export function registerStatus(program: Command, run: Run): void {
  program
    .command('status')
    .description('show the warehouse: tables with row counts, last job runs, quarantined records')
    .option('--json', 'print one JSON document instead of tables')
    .action(
      run(async (ctx: CommandContext, options: { json?: boolean }) => {
        const { warehouse, migrations } = await ctx.warehouse();
        const status = {
          warehouse: warehouse.location,
          engine: warehouse.engine,
          schemaVersion: migrations?.current ?? null,
          tables: await tableCounts(warehouse),
          recentRuns: await recentRuns(warehouse),
          quarantine: await quarantineCounts(warehouse),
        };
        if (options.json) {
          process.stdout.write(JSON.stringify(status, null, 2) + '\n');
          return;
        }
        const out: string[] = [
          `warehouse: ${status.warehouse} (${status.engine}, schema v${status.schemaVersion})`,
        ];
        out.push(
          '',
          textTable(
            ['table', 'rows'],
            status.tables.map((t) => [t.table, t.rows]),
          ),
        );
        if (status.recentRuns.length) {
          const runs = status.recentRuns.map((r) => [
            r.job,
            r.status,
            r.started_at,
            r.finished_at,
            r.rows_written,
            (r.error ?? '').slice(0, 60),
          ]);
          out.push(
            '',
            'last job runs:',
            textTable(['job', 'status', 'started', 'finished', 'rows written', 'error'], runs),
          );
        } else out.push('no job runs yet');
        const q = status.quarantine.reduce((s, r) => s + Number(r.n), 0);
        out.push(
          q ? `quarantined records: ${q} (cdp sql "select * from ops.quarantine")` : 'quarantine: empty',
        );
        process.stdout.write(out.join('\n') + '\n');
      }),
    );
}
