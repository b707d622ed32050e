import { sql, type Queryable, type SQLQuery } from '../warehouse/index.ts';
import { int, text } from './counted-orders.ts';
import type { PipelineForecastConfig } from './forecast-config.ts';
import {
  addDays,
  NO_WEEKS,
  weekAfterLastComplete,
  weeklySeries,
  type WeeklySeries,
} from './forecast-weeks.ts';

/** The stage history holds stages models.forecast.pipeline.stageProbabilities does not know. */
export class PipelineStageError extends Error {
  override readonly name = 'PipelineStageError';
  constructor(readonly stages: readonly string[]) {
    super(
      `opportunity stage${stages.length > 1 ? 's' : ''} ${stages.map((s) => JSON.stringify(s)).join(', ')} ` +
        'found in the stage history but not in models.forecast.pipeline.stageProbabilities: ' +
        'add each with its win probability (0-1), list closed ones in wonStages or lostStages, ' +
        'or set models.forecast.pipeline.enabled to false',
    );
  }
}

function inList(column: SQLQuery, values: readonly string[]): SQLQuery {
  return sql`${column} IN (${sql.join(
    values.map((v) => text(v)),
    sql`, `,
  )})`;
}

const opportunityId = sql`(e.attributes ->> 'opportunity_id')`;

/**
 * `spans` as a CTE body: each stage an opportunity in the reporting currency held, with its amount
 * and the interval [from_at, to_at) it held it (to_at NULL: still holds it), from the stage history
 * (core.events opportunity_stage) up to `end`. An opportunity without any stage history holds its
 * current stage from created_at (from close_date if that stage is closed, as its close time).
 */
function spans(config: PipelineForecastConfig, currency: string, end: SQLQuery): SQLQuery {
  const closed = inList(sql`o.stage`, [...config.wonStages, ...config.lostStages]);
  return sql`
    SELECT o.source, o.opportunity_id, c.stage, COALESCE(c.amount, o.amount) AS amount, c.from_at, c.to_at
    FROM core.opportunities o
    JOIN (
      SELECT e.source, ${opportunityId} AS opportunity_id, e.status AS stage, e.occurred_at AS from_at,
        CAST((e.attributes ->> 'amount') AS DECIMAL(18, 2)) AS amount,
        lead(e.occurred_at) OVER (
          PARTITION BY e.source, ${opportunityId} ORDER BY e.occurred_at, e.event_id) AS to_at
      FROM core.events e
      WHERE e.event_type = 'opportunity_stage' AND e.occurred_at < ${end}
    ) c ON c.source = o.source AND c.opportunity_id = o.opportunity_id
    WHERE o.currency = ${text(currency)}
    UNION ALL
    SELECT source, opportunity_id, stage, amount, from_at, CAST(NULL AS TIMESTAMPTZ) AS to_at
    FROM (
      SELECT o.source, o.opportunity_id, o.stage, o.amount,
        CASE WHEN ${closed} THEN CAST(o.close_date AS TIMESTAMPTZ) ELSE o.created_at END AS from_at
      FROM core.opportunities o
      WHERE o.currency = ${text(currency)} AND o.stage IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM core.events e
          WHERE e.event_type = 'opportunity_stage' AND e.source = o.source AND ${opportunityId} = o.opportunity_id)
    ) o
    WHERE from_at < ${end}`;
}

/** The category rule an open stage falls under, or null when no rule matches it. */
export function categoryOf(
  config: PipelineForecastConfig,
  stage: string,
  probability: number,
): string | null {
  const rule = config.categories.find(
    (r) => (r.stages.length === 0 || r.stages.includes(stage)) && probability >= r.minProbability,
  );
  return rule?.category ?? null;
}

/** What the pipeline series are made of, for the run record. */
export interface PipelineInputs {
  /** Open amount per stage at the end of the last complete week, and the category it went to. */
  readonly lastWeek: readonly { stage: string; category: string | null; amount: number; weighted: number }[];
}

/**
 * Weekly pipeline series up to the last complete week before as_of: `pipeline_weighted:<category>`,
 * the sum over opportunities open at the end of the week (Sunday 24:00 in the warehouse zone) of
 * amount x the probability of the stage they were in, per category; `pipeline_won:all`, the amount
 * of opportunities whose first won stage falls in the week. Throws PipelineStageError for a stage
 * without a probability.
 */
export async function readPipelineSeries(
  q: Queryable,
  config: PipelineForecastConfig,
  scope: { asOf: string; currency: string },
): Promise<{ weekly: WeeklySeries; inputs: PipelineInputs }> {
  const end = weekAfterLastComplete(scope.asOf);
  const endAt = sql`CAST(CAST(${end} AS DATE) AS TIMESTAMPTZ)`;
  const closedStages = [...config.wonStages, ...config.lostStages];
  const { rows: bounds } = await q.query<{ first: string | null }>(sql`
    WITH spans AS (${spans(config, scope.currency, endAt)})
    SELECT CAST(date_trunc('week', CAST(min(from_at) AS DATE)) AS DATE) AS first FROM spans`);
  const first = bounds[0]?.first ?? null;
  if (first === null || first >= end) return { weekly: NO_WEEKS, inputs: { lastWeek: [] } };
  const weeks = Math.round((Date.parse(end) - Date.parse(first)) / (7 * 86_400_000));
  // One row per week and open stage: the amounts held at the week's end.
  const { rows: open } = await q.query<{ week: string; stage: string; amount: number }>(sql`
    WITH spans AS (${spans(config, scope.currency, endAt)}),
    weeks AS (
      SELECT week, CAST(week + ${int(7)} AS TIMESTAMPTZ) AS week_end
      FROM (SELECT CAST(${first} AS DATE) + CAST(7 * i AS INTEGER) AS week
            FROM generate_series(0, ${int(weeks - 1)}) AS g(i)) w
    )
    SELECT w.week, s.stage, sum(s.amount) AS amount
    FROM weeks w JOIN spans s
      ON s.from_at < w.week_end AND (s.to_at IS NULL OR s.to_at >= w.week_end)
    WHERE NOT ${inList(sql`s.stage`, closedStages)} AND s.amount IS NOT NULL
    GROUP BY w.week, s.stage`);
  // Sorted here, not by the engines' collations, so the doubles add up in the same order on both.
  open.sort((a, b) =>
    a.week < b.week ? -1 : a.week > b.week ? 1 : a.stage < b.stage ? -1 : a.stage > b.stage ? 1 : 0,
  );
  const unknown = [...new Set(open.map((r) => r.stage))].filter(
    (s) => !Object.hasOwn(config.stageProbabilities, s),
  );
  if (unknown.length > 0) throw new PipelineStageError(unknown.sort());
  const rows: { series: string; week: string; v: number }[] = [];
  const lastWeek: PipelineInputs['lastWeek'][number][] = [];
  if (config.measures.includes('weighted')) {
    for (const r of open) {
      const p = config.stageProbabilities[r.stage]!;
      const category = categoryOf(config, r.stage, p);
      const amount = Number(r.amount);
      if (r.week === addDays(end, -7))
        lastWeek.push({ stage: r.stage, category, amount, weighted: category === null ? 0 : amount * p });
      if (category !== null)
        rows.push({ series: `pipeline_weighted:${category}`, week: r.week, v: amount * p });
    }
  }
  if (config.measures.includes('won')) {
    const { rows: won } = await q.query<{ week: string; amount: number }>(sql`
      WITH spans AS (${spans(config, scope.currency, endAt)}),
      firsts AS (
        SELECT from_at, amount,
          row_number() OVER (PARTITION BY source, opportunity_id ORDER BY from_at) AS k
        FROM spans
        WHERE ${inList(sql`stage`, config.wonStages)}
      )
      SELECT CAST(date_trunc('week', CAST(from_at AS DATE)) AS DATE) AS week, sum(amount) AS amount
      FROM firsts WHERE k = 1 AND amount IS NOT NULL
      GROUP BY 1 ORDER BY 1`);
    for (const r of won) rows.push({ series: 'pipeline_won:all', week: r.week, v: Number(r.amount) });
  }
  return { weekly: weeklySeries(rows, end), inputs: { lastWeek } };
}
