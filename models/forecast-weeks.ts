// Weekly series as the forecast job reads them: Monday-to-Sunday weeks in the warehouse time zone,
// complete weeks only, gaps filled with zeros.

const DAY = 86_400_000;

/** A day (YYYY-MM-DD) n days on. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Monday of the week after the last complete week on or before as_of. */
export function weekAfterLastComplete(asOf: string): string {
  const dow = new Date(`${asOf}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  // A week is complete on its Sunday: from a Sunday the next Monday is one day on.
  return addDays(asOf, dow === 0 ? 1 : 1 - dow);
}

/** Series of one kind on one axis of weeks; each series starts at its first nonzero week. */
export interface WeeklySeries {
  /** Mondays, ascending, one week apart, up to the last complete week. */
  readonly weeks: readonly string[];
  readonly series: ReadonlyMap<string, Float64Array>;
  /** Index in `weeks` of each series' first week with a value. */
  readonly firstWeek: ReadonlyMap<string, number>;
}

export const NO_WEEKS: WeeklySeries = { weeks: [], series: new Map(), firstWeek: new Map() };

/**
 * Series from (series, week, value) rows, on an axis from the earliest week to the week before
 * `end`; values of the same series and week add up, weeks without a row are 0, and a series starts
 * at its first week with a nonzero value.
 */
export function weeklySeries(
  rows: readonly { series: string; week: string; v: number }[],
  end: string,
): WeeklySeries {
  const kept = rows.filter((r) => r.v !== 0 && r.week < end);
  if (kept.length === 0) return NO_WEEKS;
  const first = kept.reduce((m, r) => (r.week < m ? r.week : m), kept[0]!.week);
  const weeks: string[] = [];
  for (let w = first; w < end; w = addDays(w, 7)) weeks.push(w);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const series = new Map<string, Float64Array>();
  const firstWeek = new Map<string, number>();
  for (const r of kept) {
    const i = index.get(r.week)!;
    const values = series.get(r.series) ?? new Float64Array(weeks.length);
    series.set(r.series, values);
    values[i] = values[i]! + r.v;
    firstWeek.set(r.series, Math.min(i, firstWeek.get(r.series) ?? i));
  }
  return { weeks, series, firstWeek };
}
