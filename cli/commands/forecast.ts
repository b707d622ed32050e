import type { Command } from 'commander';
import { runForecastJob } from '../../pipelines/index.ts';
import type { CommandContext, Run } from '../context.ts';
import { textTable } from '../output/text-table.ts';
import { parseAsOf } from './run.ts';

const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(4));

/** `cdp forecast backtest`: methods compared by WAPE. */
export function registerForecast(program: Command, run: Run): void {
  const forecast = program.command('forecast').description('weekly forecasts (cdp run forecast writes them)');
  forecast
    .command('backtest')
    .description(
      'rolling-origin backtest of every method on every series: pooled and mean per-series WAPE (writes nothing)',
    )
    .option('--as-of <date>', 'use weeks up to this day (default: today in warehouse.timezone)')
    .option('--json', 'print as JSON')
    .action(
      run(async (ctx: CommandContext, options: { asOf?: string; json?: boolean }) => {
        const { warehouse } = await ctx.warehouse();
        const r = await runForecastJob(warehouse, ctx.loaded, ctx.log, {
          asOf: options.asOf === undefined ? undefined : parseAsOf(options.asOf),
          write: false,
        });
        if (options.json) {
          process.stdout.write(JSON.stringify(r, null, 2) + '\n');
          return;
        }
        const ratio = (k: (typeof r.kinds)[number]): string => {
          const base = k.seasonalNaivePooledWape ?? k.naivePooledWape;
          if (k.chosenPooledWape === null || !base) return '';
          const name = k.seasonalNaivePooledWape
            ? 'seasonal naive'
            : 'naive (seasonal naive needs two seasons)';
          return `; ratio to ${name} ${(k.chosenPooledWape / base).toFixed(3)}`;
        };
        const blocks = r.kinds.map((k) =>
          [
            `${k.kind}: ${k.series} series (${k.skippedShort} too short to forecast)`,
            textTable(
              ['method', 'pooled WAPE', 'mean series WAPE', 'chosen for'],
              k.methods.map((m) => [m.method, f(m.pooledWape), f(m.meanSeriesWape), m.chosen]),
            ),
            `chosen per series: pooled WAPE ${f(k.chosenPooledWape)}${ratio(k)}`,
          ].join('\n'),
        );
        process.stdout.write([`as of ${r.asOf}`, ...blocks].join('\n\n') + '\n');
      }),
    );
}
