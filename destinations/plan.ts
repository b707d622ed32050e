import { sql, type Queryable } from '../warehouse/index.ts';
import { FIELDS, type Destination } from './config.ts';
import { isHeldOut } from './holdout.ts';
import type { SuppressionSet } from './suppression.ts';
import { latestConsent } from './consent.ts';

/** What a sync decided for one person; `send` rows go out, the others are only recorded. */
export interface Decision {
  readonly customerId: string;
  readonly action: 'add' | 'remove';
  readonly status: 'pending' | 'held_out' | 'suppressed' | 'no_consent' | 'capped';
  readonly detail: string | null;
}

/** One person the sync has to consider, with the facts the decision needs. */
// A type, not an interface: query rows need an implicit index signature.
export type Candidate = {
  readonly customer_id: string;
  readonly in_segment: boolean;
  readonly consented: boolean;
  /** Latest 'sent' (or, for the current campaign, 'held_out') row of this destination. */
  readonly state_action: string | null;
  readonly state_status: string | null;
  /** Latest decided row of this destination, so an unchanged exclusion is not logged every run. */
  readonly last_action: string | null;
  readonly last_status: string | null;
  /** Adds sent to the person on the destination's channel by any destination within the cap window. */
  readonly recent: number;
  readonly phone: string | null;
  readonly email: string | null;
};

const customerColumns = sql.__dangerous__rawValue(
  FIELDS.filter((f) => f !== 'customer_id')
    .map((f) => `c.${f}`)
    .join(', '),
);

/**
 * Everyone the sync must look at: the segment's current members and everyone this destination
 * holds now (whose remove may be due), with consent as of `now` (the latest event wins; a
 * withdrawal wins a tie; events recorded against a source record count for its customer).
 */
export async function candidates(
  tx: Queryable,
  name: string,
  dest: Destination,
  now: Date,
): Promise<Candidate[]> {
  const cap = dest.frequencyCap;
  const since = cap ? new Date(now.getTime() - cap.perDays * 86_400_000) : now;
  const campaign = dest.holdout?.campaign ?? null;
  const latest = (where: ReturnType<typeof sql>) => sql`
    SELECT customer_id, action, status FROM (
      SELECT customer_id, action, status,
        ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY logged_at DESC, sync_id DESC) AS rn
      FROM ops.export_log WHERE destination = ${name} AND ${where}
    ) l WHERE rn = 1`;
  const { rows } = await tx.query<Candidate>(sql`
    WITH members AS (
      SELECT customer_id FROM marts.segment_members WHERE segment = ${dest.segment}
    ), state AS (
      ${latest(sql`(status = 'sent' OR (status = 'held_out' AND campaign = CAST(${campaign} AS VARCHAR)))`)}
    ), last AS (
      ${latest(sql`status NOT IN ('pending', 'failed')`)}
    ), consent AS (
      ${latestConsent(dest, now)}
    ), recent AS (
      SELECT customer_id, count(*) AS n FROM ops.export_log
      WHERE channel = ${dest.channel} AND action = 'add' AND status = 'sent' AND logged_at > ${since}
        -- A pull is a receiver fetching a list, not a message to the person: it does not use up a cap.
        AND sync_id NOT LIKE 'pull-%'
      GROUP BY customer_id
    ), ids AS (
      SELECT customer_id FROM members
      UNION SELECT customer_id FROM state WHERE action = 'add'
    )
    SELECT i.customer_id,
      m.customer_id IS NOT NULL AS in_segment,
      COALESCE(k.status = 'granted', FALSE) AS consented,
      s.action AS state_action, s.status AS state_status,
      l.action AS last_action, l.status AS last_status,
      COALESCE(n.n, 0) AS recent, ${customerColumns}
    FROM ids i
    LEFT JOIN members m ON m.customer_id = i.customer_id
    LEFT JOIN state s ON s.customer_id = i.customer_id
    LEFT JOIN last l ON l.customer_id = i.customer_id
    LEFT JOIN consent k ON k.customer_id = i.customer_id
    LEFT JOIN recent n ON n.customer_id = i.customer_id
    LEFT JOIN core.customers c ON c.customer_id = i.customer_id
    ORDER BY i.customer_id`);
  return rows.map((r) => ({ ...r, recent: Number(r.recent) }));
}

/**
 * The sync's decisions. Removes always go out (a person who left, withdrew or was suppressed must
 * be taken off the receiver's list); adds pass consent, suppression, the holdout and the frequency
 * cap, in that order. Somebody the receiver already has, or who is already held out, is left alone.
 */
export function decide(
  people: readonly Candidate[],
  dest: Destination,
  suppressed: SuppressionSet,
): Decision[] {
  const out: Decision[] = [];
  for (const p of people) {
    const present = p.state_action === 'add' && p.state_status === 'sent';
    const held = p.state_action === 'add' && p.state_status === 'held_out';
    const exclusion = !p.consented ? 'no_consent' : suppressed.has(p) ? 'suppressed' : null;
    const record = (d: Omit<Decision, 'customerId'>) => out.push({ customerId: p.customer_id, ...d });
    if (!p.in_segment || exclusion !== null) {
      const why = !p.in_segment ? 'left_segment' : exclusion!;
      if (present) record({ action: 'remove', status: 'pending', detail: why });
      else if (held && !p.in_segment) record({ action: 'remove', status: 'held_out', detail: why });
      else if (!held && exclusion !== null && !(p.last_action === 'add' && p.last_status === exclusion)) {
        record({ action: 'add', status: exclusion, detail: null });
      }
      continue;
    }
    if (present || held) continue;
    if (dest.holdout && isHeldOut(p.customer_id, dest.holdout.campaign, dest.holdout.percent)) {
      record({ action: 'add', status: 'held_out', detail: null });
    } else if (dest.frequencyCap && p.recent >= dest.frequencyCap.max) {
      if (!(p.last_action === 'add' && p.last_status === 'capped')) {
        const { max, perDays } = dest.frequencyCap;
        record({
          action: 'add',
          status: 'capped',
          detail: `${p.recent} sent on ${dest.channel} in ${perDays} days (cap ${max})`,
        });
      }
    } else {
      record({ action: 'add', status: 'pending', detail: null });
    }
  }
  return out;
}
