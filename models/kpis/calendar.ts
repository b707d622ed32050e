import { sql, type SQLQuery } from '../../warehouse/index.ts';
import { minutesOf, type BusinessCalendar } from './config.ts';
import { epochSeconds, int } from './sql-parts.ts';

function dayList(days: readonly string[]): SQLQuery {
  return sql.join(
    days.map((d) => sql`CAST(${d} AS DATE)`),
    sql`, `,
  );
}

/**
 * The business calendar as a CTE body: one row per local day from `from` to `to` with
 * `is_work`, `day_start` (epoch seconds of its local midnight, read as wall-clock time) and
 * `before_s`, the business seconds of all earlier days in the range. With it, business seconds
 * up to any instant are one equi-join away (`businessClock`), so an SLA clock across nights,
 * weekends and holidays is a subtraction, not a per-ticket loop over days.
 */
export function businessCalendar(cal: BusinessCalendar, from: SQLQuery, to: SQLQuery): SQLQuery {
  const span = (minutesOf(cal.close) - minutesOf(cal.open)) * 60;
  const weekday = sql`EXTRACT(ISODOW FROM d) IN (${sql.join(
    cal.workingDays.map((w) => int(w)),
    sql`, `,
  )})`;
  const holiday = cal.holidays.length === 0 ? sql`FALSE` : sql`d IN (${dayList(cal.holidays)})`;
  const extra = cal.extraWorkdays.length === 0 ? sql`FALSE` : sql`d IN (${dayList(cal.extraWorkdays)})`;
  return sql`
    SELECT d, is_work, ${epochSeconds(sql`CAST(d AS TIMESTAMP)`)} AS day_start,
      COALESCE(sum(CASE WHEN is_work THEN ${int(span)} ELSE 0 END)
        OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before_s
    FROM (
      SELECT d, (${weekday} AND NOT ${holiday}) OR ${extra} AS is_work
      FROM (
        SELECT ${from} + CAST(i AS INTEGER) AS d
        FROM generate_series(0, CAST(${to} - ${from} AS INTEGER)) AS g(i)
      ) days
    ) flagged`;
}

/**
 * Business seconds from the start of the calendar to instant `t`, where `c` is the calendar row
 * of t's local day: earlier days' business seconds plus the part of t's day between opening time
 * and t, capped at closing time. Local wall-clock time, so business hours follow the zone's clock.
 */
export function businessClock(cal: BusinessCalendar, t: SQLQuery, c: string): SQLQuery {
  const raw = sql.__dangerous__rawValue;
  const open = minutesOf(cal.open) * 60;
  const span = (minutesOf(cal.close) - minutesOf(cal.open)) * 60;
  const intoDay = sql`${epochSeconds(sql`CAST(${t} AS TIMESTAMP)`)} - ${raw(c)}.day_start - ${int(open)}`;
  return sql`(${raw(c)}.before_s + CASE WHEN ${raw(c)}.is_work
    THEN LEAST(GREATEST(${intoDay}, ${int(0)}), ${int(span)}) ELSE 0 END)`;
}
