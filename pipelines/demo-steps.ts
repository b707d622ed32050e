import { currentContract, sql } from '../warehouse/index.ts';
import { recordRun } from './job-runs.ts';
import type { runDemo } from './demo.ts';

type Steps = Parameters<typeof runDemo>[3];

/** The demo's steps as of now; each issue that lands adds its own. */
export function demoSteps(): Steps {
  return [
    {
      name: 'warehouse',
      run: async ({ wh }) => {
        const { rows } = await wh.query<{ version: number }>(
          sql`SELECT max(version) AS version FROM ops.migrations`,
        );
        return `schema v${rows[0]?.version ?? 0}, ${currentContract().length} contract tables`;
      },
    },
    {
      name: 'check',
      run: async ({ wh }) => {
        const outcome = await recordRun(wh, 'demo_check', null, async () => {
          const { rows } = await wh.query<{ n: number }>(sql`SELECT count(*) AS n FROM core.source_records`);
          return { rowsRead: rows[0]?.n ?? 0 };
        });
        return `recorded run ${outcome.runId.slice(0, 8)} in ops.job_runs`;
      },
    },
  ];
}
