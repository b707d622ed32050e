// consents/consent-events.ndjson: the consent log, per identifier x purpose x channel. Opt-ins happen
// where the person signed up (mini-program sign-up with its consent flags, POS member registration,
// the first online order, CRM contact creation); withdrawals arrive later, often through another
// system (an SMS 'TD' reply via the SMS gateway, an email unsubscribe link); the 2025-03 policy update
// triggers re-consent for some. Events are written per person in time order.

import { noisyEmail, noisyPhone, NOISE } from './noise.ts';
import type { PlannedEvent } from './lifecycle.ts';
import { KIND_ECOM } from './lifecycle.ts';
import type { Person } from './person.ts';
import type { Rng } from './random.ts';
import { rngFor } from './random.ts';
import { posRegistrations } from './feed-pos.ts';
import { miniRegistrations } from './feed-miniprogram.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';

type Channel = 'sms' | 'wechat' | 'email' | 'push';
type Purpose = 'marketing' | 'service' | 'analytics';

interface ConsentEvent {
  t: number;
  source: string;
  idType: 'phone' | 'union_id' | 'open_id' | 'email';
  id: string;
  purpose: Purpose;
  channel: Channel;
  action: 'granted' | 'withdrawn';
}

const WITHDRAW_SOURCE: Readonly<Record<Channel, string>> = {
  sms: 'sms_gateway',
  email: 'email_service',
  wechat: 'miniprogram',
  push: 'app',
};

/** Writes the consent log during the person pass. */
export class ConsentFeed {
  private seq = 0;
  private readonly policyDay: number;

  private constructor(
    private readonly world: World,
    private readonly sink: LineSink,
  ) {
    this.policyDay = world.ctx.cal.dayOf(2025, 3, 1);
  }

  static open(world: World): ConsentFeed {
    return new ConsentFeed(world, world.output.open('consents/consent-events.ndjson', 'consents'));
  }

  private grants(p: Person, plan: readonly PlannedEvent[], rng: Rng): ConsentEvent[] {
    const out: ConsentEvent[] = [];
    const grant = (
      t: number,
      source: string,
      idType: ConsentEvent['idType'],
      id: string,
      purpose: Purpose,
      channel: Channel,
    ) => {
      if (id) out.push({ t, source, idType, id, purpose, channel, action: 'granted' });
    };
    for (const reg of miniRegistrations(this.world, p)) {
      const [idType, id] = reg.unionId
        ? (['union_id', reg.unionId] as const)
        : (['open_id', reg.openId] as const);
      for (const ch of ['sms', 'wechat', 'email', 'push'] as const)
        if (reg.consent[ch]) grant(reg.t, 'miniprogram', idType, id, 'marketing', ch);
      grant(reg.t, 'miniprogram', idType, id, 'service', 'wechat');
      if (rng.chance(0.6)) grant(reg.t, 'miniprogram', idType, id, 'analytics', 'push');
    }
    for (const reg of posRegistrations(this.world, p)) {
      if (rng.chance(0.5)) grant(reg.t + 60, 'pos', 'phone', p.phone, 'marketing', 'sms');
      if (rng.chance(0.9)) grant(reg.t + 60, 'pos', 'phone', p.phone, 'service', 'sms');
    }
    const firstOrder = plan.find((e) => e.kind === KIND_ECOM);
    if (firstOrder) {
      const t = firstOrder.day * 86_400 + firstOrder.second - 120;
      grant(t, 'ecommerce', 'phone', p.phone, 'service', 'sms');
      if (rng.chance(0.4)) grant(t, 'ecommerce', 'phone', p.phone, 'marketing', 'sms');
      if (rng.chance(0.5)) grant(t, 'ecommerce', 'phone', p.phone, 'marketing', 'push');
      if (rng.chance(0.7)) grant(t, 'ecommerce', 'phone', p.phone, 'analytics', 'push');
      if (p.email && rng.chance(0.25)) grant(t, 'ecommerce', 'email', p.email, 'marketing', 'email');
    }
    if (p.workEmail && rng.chance(0.5)) {
      grant(p.core.acqDay * 86_400 + 36_000, 'crm', 'email', p.workEmail, 'marketing', 'email');
    }
    return out;
  }

  /** All consent events of one person. */
  onPerson(p: Person, plan: readonly PlannedEvent[]): void {
    const { ctx, gt, counts } = this.world;
    const cal = ctx.cal;
    const end = cal.days * 86_400;
    const rng = rngFor(ctx.seed, STREAM.consent, p.core.index);
    const events = this.grants(p, plan, rng);
    for (const g of [...events]) {
      if (g.purpose === 'service') continue;
      if (g.t < this.policyDay * 86_400 && this.policyDay < cal.days && rng.chance(0.25)) {
        events.push({ ...g, t: this.policyDay * 86_400 + rng.int(60 * 86_400) });
      }
      if (!rng.chance(0.15)) continue;
      const t = g.t + Math.round(rng.exponential(1 / (90 * 86_400)));
      const viaOther = rng.chance(0.6) && g.channel !== 'push';
      const source = viaOther ? WITHDRAW_SOURCE[g.channel] : g.source;
      const [idType, id] =
        viaOther && (g.channel === 'sms' || g.channel === 'email')
          ? ([
              g.channel === 'sms' ? 'phone' : 'email',
              g.channel === 'sms' ? p.phone : p.email || g.id,
            ] as const)
          : ([g.idType, g.id] as const);
      events.push({ ...g, t, source, idType, id, action: 'withdrawn' });
      if (rng.chance(0.25)) events.push({ ...g, t: t + rng.int(120 * 86_400) });
    }
    const inWindow = events.filter((e) => e.t >= 0 && e.t < end).map((e, k) => ({ e, k }));
    inWindow.sort((a, b) => a.e.t - b.e.t || a.k - b.k);
    for (const { e } of inWindow) {
      const eventId = `CE${String(++this.seq).padStart(9, '0')}`;
      const id =
        e.idType === 'phone'
          ? noisyPhone(rng, e.id, NOISE.consents)
          : e.idType === 'email'
            ? noisyEmail(rng, e.id, NOISE.consents)
            : e.id;
      this.sink.line(
        JSON.stringify({
          event_id: eventId,
          source_system: e.source,
          identifier_type: e.idType,
          identifier: id,
          purpose: e.purpose,
          channel: e.channel,
          action: e.action,
          policy_version: e.t < this.policyDay * 86_400 ? '2024-01' : '2025-03',
          occurred_at: cal.iso(e.t),
        }),
      );
      gt.add('consents', `consent_event:${eventId}`, p.core.index);
      counts.add('consents', e.action === 'granted' ? 'grants' : 'withdrawals');
    }
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}
