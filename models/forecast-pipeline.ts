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
 * (core.events opportunity_stage) up to `end`, with the CRM's forecast category of the change. An
 * opportunity without any stage history holds its current stage and category from created_at (from
 * close_date if that stage is closed, as its close time).
 */
function spans(config: PipelineForecastConfig, currency: string, end: SQLQuery): SQLQuery {
  const closed = inList(sql`o.stage`, [...config.wonStages, ...config.lostStages]);
  return sql`
    SELECT o.source, o.opportunity_id, c.stage, c.forecast_category, COALESCE(c.amount, o.amount) AS amount,
      c.from_at, c.to_at
    FROM core.opportunities o
    JOIN (
      SELECT e.source, ${opportunityId} AS opportunity_id, e.status AS stage, e.occurred_at AS from_at,
        e.attributes ->> 'forecast_category' AS forecast_category,
        CAST((e.attributes ->> 'amount') AS DECIMAL(18, 2)) AS amount,
        lead(e.occurred_at) OVER (
          PARTITION BY e.source, ${opportunityId} ORDER BY e.occurred_at, e.event_id) AS to_at
      FROM core.events e
      WHERE e.event_type = 'opportunity_stage' AND e.occurred_at < ${end}
    ) c ON c.source = o.source AND c.opportunity_id = o.opportunity_id
    WHERE o.currency = ${text(currency)}
    UNION ALL
    SELECT source, opportunity_id, stage, forecast_category, amount, from_at, CAST(NULL AS TIMESTAMPTZ) AS to_at
    FROM (
      SELECT o.source, o.opportunity_id, o.stage, o.forecast_category, o.amount,
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

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The category of an open stage held under the CRM's forecast category `crm`: with crmCategories,
 * the CRM's (spelled as a configured category it matches, ignoring case, spaces and underscores;
 * 'Omitted': none), unless blank or 'Closed'; otherwise the rules' category.
 */
export function openCategory(
  config: PipelineForecastConfig,
  stage: string,
  crm: string | null,
): string | null {
  const given = crm?.trim() ?? '';
  if (config.crmCategories && given !== '' && squash(given) !== 'closed') {
    if (squash(given) === 'omitted') return null;
    return config.categories.find((r) => squash(r.category) === squash(given))?.category ?? given;
  }
  return categoryOf(config, stage, config.stageProbabilities[stage]!);
}

/** Orders key tuples by plain code-unit comparison (not an engine's collation); null first. */
function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** What the pipeline series are made of, for the run record. */
export interface PipelineInputs {
  /** Open amount per stage at the end of the last complete week, and the category it went to. */
  readonly lastWeek: readonly { stage: string; category: string | null; amount: number; weighted: number }[];
}

/**
 * Weekly pipeline series up to the last complete week before as_of: `pipeline_weighted:<category>`,
 * the sum over opportunities open at the end of the week (Sunday 24:00 in the warehouse zone) of
 * amount x the probability of the stage they were in, per category (the CRM's forecast category
 * when it gives one, see openCategory); `pipeline_won:all`, the amount of opportunities whose first
 * won stage falls in the week, and `pipeline_won:<category>`, that amount per the category of the
 * stage held before. Throws PipelineStageError for a stage without a probability.
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
  const { rows: open } = await q.query<{
    week: string;
    stage: string;
    forecast_category: string | null;
    amount: number;
  }>(sql`
    WITH spans AS (${spans(config, scope.currency, endAt)}),
    weeks AS (
      SELECT week, CAST(week + ${int(7)} AS TIMESTAMPTZ) AS week_end
      FROM (SELECT CAST(${first} AS DATE) + CAST(7 * i AS INTEGER) AS week
            FROM generate_series(0, ${int(weeks - 1)}) AS g(i)) w
    )
    SELECT w.week, s.stage, s.forecast_category, sum(s.amount) AS amount
    FROM weeks w JOIN spans s
      ON s.from_at < w.week_end AND (s.to_at IS NULL OR s.to_at >= w.week_end)
    WHERE NOT ${inList(sql`s.stage`, closedStages)} AND s.amount IS NOT NULL
    GROUP BY w.week, s.stage, s.forecast_category`);
  // Sorted here, not by the engines' collations, so the doubles add up in the same order on both.
  open.sort((a, b) =>
    compareKeys([a.week, a.stage, a.forecast_category], [b.week, b.stage, b.forecast_category]),
  );
  const unknown = [...new Set(open.map((r) => r.stage))].filter(
    (s) => !Object.hasOwn(config.stageProbabilities, s),
  );
  if (unknown.length > 0) throw new PipelineStageError(unknown.sort());
  const rows: { series: string; week: string; v: number }[] = [];
  const lastWeek: PipelineInputs['lastWeek'][number][] = [];
  if (config.measures.includes('weighted')) {
    const latest = new Map<string, PipelineInputs['lastWeek'][number]>();
    for (const r of open) {
      const p = config.stageProbabilities[r.stage]!;
      const category = openCategory(config, r.stage, r.forecast_category);
      const amount = Number(r.amount);
      if (r.week === addDays(end, -7)) {
        const key = JSON.stringify([r.stage, category]);
        const before = latest.get(key);
        latest.set(key, {
          stage: r.stage,
          category,
          amount: (before?.amount ?? 0) + amount,
          weighted: (before?.weighted ?? 0) + (category === null ? 0 : amount * p),
        });
      }
      if (category !== null)
        rows.push({ series: `pipeline_weighted:${category}`, week: r.week, v: amount * p });
    }
    lastWeek.push(...latest.values());
  }
  if (config.measures.includes('won') || config.measures.includes('won_by_category')) {
    // Each opportunity's first change into a won stage, with the stage it held before.
    const { rows: won } = await q.query<{
      week: string;
      source: string;
      opportunity_id: string;
      amount: number;
      prev_stage: string | null;
      prev_category: string | null;
    }>(sql`
      WITH spans AS (${spans(config, scope.currency, endAt)}),
      ordered AS (
        SELECT source, opportunity_id, stage, from_at, amount,
          lag(stage) OVER (PARTITION BY source, opportunity_id ORDER BY from_at, stage) AS prev_stage,
          lag(forecast_category) OVER (PARTITION BY source, opportunity_id ORDER BY from_at, stage) AS prev_category
        FROM spans
      ),
      firsts AS (
        SELECT *, row_number() OVER (PARTITION BY source, opportunity_id ORDER BY from_at, stage) AS k
        FROM ordered WHERE ${inList(sql`stage`, config.wonStages)}
      )
      SELECT CAST(date_trunc('week', CAST(from_at AS DATE)) AS DATE) AS week, source, opportunity_id,
        amount, prev_stage, prev_category
      FROM firsts WHERE k = 1 AND amount IS NOT NULL`);
    won.sort((a, b) =>
      compareKeys([a.week, a.source, a.opportunity_id], [b.week, b.source, b.opportunity_id]),
    );
    for (const r of won) {
      const v = Number(r.amount);
      if (config.measures.includes('won')) rows.push({ series: 'pipeline_won:all', week: r.week, v });
      // Won straight from a closed stage or with no earlier stage: in no category.
      const open =
        r.prev_stage !== null &&
        !closedStages.includes(r.prev_stage) &&
        Object.hasOwn(config.stageProbabilities, r.prev_stage);
      const category = open ? openCategory(config, r.prev_stage!, r.prev_category) : null;
      if (config.measures.includes('won_by_category') && category !== null)
        rows.push({ series: `pipeline_won:${category}`, week: r.week, v });
    }
  }
  return { weekly: weeklySeries(rows, end), inputs: { lastWeek } };
}
