import type { AccountSignals } from './components.ts';
import type { HealthComponent, HealthConfig } from './config.ts';

/** One component of one account's score. */
export interface ComponentScore {
  readonly raw: number;
  /** 0-100. */
  readonly score: number;
  /** The weight it carried, after renormalising over the components with data. */
  readonly weight: number;
}

/** An account's own score. */
export interface AccountScore {
  readonly accountCode: string;
  readonly level: string | null;
  readonly parent: string | null;
  readonly seats: number;
  readonly score: number;
  readonly band: 'red' | 'yellow' | 'green';
  /** The profile whose weights scored it; null for the default weights. */
  readonly profile: string | null;
  readonly components: Partial<Record<HealthComponent, ComponentScore>>;
}

const clamp = (x: number): number => Math.min(100, Math.max(0, x));
// Two decimals: the engines may differ in a double's last bit; a score never should.
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Each component's raw value and its 0-100 rule (docs/health.md); null when the account has no data for it. */
export function componentValues(
  s: AccountSignals,
): Record<HealthComponent, { raw: number; score: number } | null> {
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
  const active = ratio(s.active7, s.seats7);
  const trend = ratio(s.avgActive30, s.avgActivePrev60);
  const used = s.features.filter((f) => f !== null);
  const nps = s.npsAnswers > 0 ? ((s.promoters - s.detractors) / s.npsAnswers) * 100 : null;
  const util30 = ratio(s.running30, s.scheduled30);
  const utilPrev = ratio(s.runningPrev60, s.scheduledPrev60);
  return {
    active_ratio_7d: active === null ? null : { raw: active, score: clamp(100 * active) },
    usage_trend: trend === null ? null : { raw: trend, score: clamp(100 * trend) },
    feature_adoption:
      used.length === 0
        ? null
        : (() => {
            const share = s.features.filter((f) => f !== null && f > 0).length / s.features.length;
            return { raw: share, score: 100 * share };
          })(),
    seat_utilisation:
      s.peakUtilisation30 === null
        ? null
        : { raw: s.peakUtilisation30, score: clamp(100 * s.peakUtilisation30) },
    csat: s.csatAvg === null ? null : { raw: s.csatAvg, score: clamp(((s.csatAvg - 1) / 4) * 100) },
    nps: nps === null ? null : { raw: nps, score: (nps + 100) / 2 },
    open_tickets: { raw: s.urgentTickets30, score: clamp(100 - 25 * s.urgentTickets30) },
    days_to_renewal:
      s.daysToRenewal === null ? null : { raw: s.daysToRenewal, score: clamp((s.daysToRenewal / 90) * 100) },
    // Shipments of the last 30 days against the monthly mean of the 60 days before.
    shipment_trend:
      s.shipmentsPrev60 > 0
        ? {
            raw: s.shipments30 / (s.shipmentsPrev60 / 2),
            score: clamp((100 * s.shipments30) / (s.shipmentsPrev60 / 2)),
          }
        : null,
    on_time_rate:
      s.delivered30 > 0
        ? { raw: s.onTime30 / s.delivered30, score: (100 * s.onTime30) / s.delivered30 }
        : null,
    complaints: { raw: s.tickets30, score: clamp(100 - 10 * s.tickets30) },
    // Running hours per scheduled hour of the account's machines over the last 30 days.
    utilisation: util30 === null ? null : { raw: util30, score: clamp(100 * util30) },
    // That utilisation against the one of the 60 days before.
    utilisation_trend:
      util30 !== null && utilPrev !== null && utilPrev > 0
        ? { raw: util30 / utilPrev, score: clamp((100 * util30) / utilPrev) }
        : null,
    // Failures per 1000 running hours over the last 90 days (the inverse of MTBF).
    failures:
      s.running90 !== null && s.running90 > 0
        ? (() => {
            const rate = (1000 * s.failures90) / s.running90;
            return { raw: rate, score: clamp(100 - 25 * rate) };
          })()
        : null,
    // Consumables ordered in the last 90 days against the 90 days before.
    consumables:
      s.consumablesPrev90 > 0
        ? {
            raw: s.consumables90 / s.consumablesPrev90,
            score: clamp((100 * s.consumables90) / s.consumablesPrev90),
          }
        : null,
  };
}

/** The band of a score. */
export function bandOf(score: number, bands: HealthConfig['bands']): 'red' | 'yellow' | 'green' {
  return score <= bands.red ? 'red' : score <= bands.yellow ? 'yellow' : 'green';
}

/**
 * Weighted score over the components with data and a weight; null when none has both. The first
 * profile naming the account's industry that has data for one of its weighted components gives
 * the weights; otherwise `weights` does.
 */
export function scoreAccount(s: AccountSignals, config: HealthConfig): AccountScore | null {
  const values = componentValues(s);
  const presentIn = (weights: Partial<Record<HealthComponent, number>>) =>
    (Object.entries(weights) as [HealthComponent, number][]).filter(
      ([name, w]) => w > 0 && values[name] !== null,
    );
  const profile = config.profiles.find(
    (p) => s.industry !== null && p.industries.includes(s.industry) && presentIn(p.weights).length > 0,
  );
  const present = presentIn(profile?.weights ?? config.weights);
  const total = present.reduce((a, [, w]) => a + w, 0);
  if (total === 0) return null;
  const components: Partial<Record<HealthComponent, ComponentScore>> = {};
  let score = 0;
  for (const [name, w] of present) {
    const v = values[name]!;
    components[name] = {
      raw: round2(v.raw * 100) / 100,
      score: round2(v.score),
      weight: round2((w / total) * 10000) / 10000,
    };
    score += (w / total) * v.score;
  }
  const rounded = round2(score);
  return {
    accountCode: s.accountCode,
    level: s.level,
    parent: s.parent,
    seats: s.seats ?? 1,
    score: rounded,
    band: bandOf(rounded, config.bands),
    profile: profile?.name ?? null,
    components,
  };
}

/** Seat-weighted score of each account and every scored account below it in the hierarchy. */
export function rollUp(scores: readonly AccountScore[]): Map<string, number> {
  const children = new Map<string, string[]>();
  for (const s of scores) {
    if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.accountCode]);
  }
  const byCode = new Map(scores.map((s) => [s.accountCode, s]));
  const out = new Map<string, number>();
  const visit = (code: string, seen: Set<string>): { seats: number; weighted: number } => {
    const own = byCode.get(code)!;
    let seats = own.seats;
    let weighted = own.seats * own.score;
    for (const c of children.get(code) ?? []) {
      if (seen.has(c)) continue; // a cycle in the source hierarchy must not hang the job
      seen.add(c);
      const sub = visit(c, seen);
      seats += sub.seats;
      weighted += sub.weighted;
    }
    out.set(code, seats > 0 ? round2(weighted / seats) : own.score);
    return { seats, weighted };
  };
  for (const s of scores) if (!out.has(s.accountCode)) visit(s.accountCode, new Set([s.accountCode]));
  return out;
}
