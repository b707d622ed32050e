// tickets/: the support desk. tickets.csv has one row per ticket, identified by whatever the customer
// contacted us with (phone, email, or a B2B account code); surveys.csv has the CSAT/NPS answers. Tickets
// come from the person's timeline plus those triggered by failed deliveries and refunds. Response and
// resolution times are log-normal around a per-priority target, which yields realistic SLA misses;
// times after the export (end of window) are left empty because they have not happened yet.

import type { PlannedEvent } from './lifecycle.ts';
import { KIND_TICKET } from './lifecycle.ts';
import { noisyEmail, noisyPhone, NOISE } from './noise.ts';
import type { Person } from './person.ts';
import type { Rng } from './random.ts';
import { rngFor, Weighted } from './random.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';
import { csvRow } from './writer.ts';

const TICKET_HEADER =
  'ticket_id,channel,priority,customer_phone,customer_email,customer_account_code,topic,created_at,first_response_at,resolved_at,reopened_at,agent';
const SURVEY_HEADER = 'ticket_id,csat,nps,answered_at';
const PRIORITY = new Weighted([
  ['P1', 5],
  ['P2', 20],
  ['P3', 50],
  ['P4', 25],
] as const);
/** [first-response target minutes, resolution target hours] per priority. */
export const SLA: Readonly<Record<string, readonly [number, number]>> = {
  P1: [15, 4],
  P2: [60, 24],
  P3: [240, 72],
  P4: [480, 120],
};
const RETAIL_TOPICS = [
  '物流延迟',
  '退款进度',
  '商品质量',
  '会员积分',
  '发票开具',
  '优惠券使用',
  '门店服务',
  '账号登录',
];
const CLINIC_TOPICS = ['预约挂号', '检查报告', '医保报销'];
const B2B_TOPICS = ['系统故障', '功能咨询', '账号权限', '续约报价', '数据导出'];

interface PendingTicket {
  person: number;
  t: number;
  topic: string;
  tie: number;
  planned: boolean;
}

/** Collects each day's tickets and writes them in creation order. */
export class TicketFeed {
  private readonly pending = new Map<number, PendingTicket[]>();
  private triggered = 0;

  private constructor(
    private readonly world: World,
    private readonly tickets: LineSink,
    private readonly surveys: LineSink,
  ) {}

  static open(world: World): TicketFeed {
    const tickets = world.output.open('tickets/tickets.csv', 'tickets', TICKET_HEADER);
    const surveys = world.output.open('tickets/surveys.csv', 'tickets', SURVEY_HEADER);
    return new TicketFeed(world, tickets, surveys);
  }

  private push(day: number, item: PendingTicket): void {
    if (day >= this.world.ctx.cal.days) return;
    let list = this.pending.get(day);
    if (!list) this.pending.set(day, (list = []));
    list.push(item);
  }

  /** A ticket from the person's own timeline. */
  addPlanned(p: Person, ev: PlannedEvent): void {
    const tie = p.core.index * 256 + ev.ord;
    this.push(ev.day, {
      person: p.core.index,
      t: ev.day * 86_400 + ev.second,
      topic: '',
      tie,
      planned: true,
    });
  }

  /** A ticket caused by something that went wrong (a failed delivery, a refund). */
  trigger(person: number, t: number, topic: string, planned: boolean): void {
    this.push(Math.floor(t / 86_400), { person, t, topic, tie: 2 ** 40 + ++this.triggered, planned });
  }

  private render(rng: Rng, p: Person, item: PendingTicket, ticketId: string): void {
    const { ctx, gt } = this.world;
    const cal = ctx.cal;
    const end = cal.days * 86_400;
    const account = p.core.account >= 0 ? ctx.accounts[p.core.account] : undefined;
    const topic =
      item.topic ||
      rng.pick(
        account && rng.chance(0.8)
          ? B2B_TOPICS
          : p.core.his && rng.chance(0.3)
            ? CLINIC_TOPICS
            : RETAIL_TOPICS,
      );
    let channel = rng.pick(['phone', 'phone', 'wechat', 'wechat', 'email', 'web'] as const);
    const email = account && rng.chance(0.6) ? p.workEmail : p.email;
    if ((channel === 'email' || channel === 'web') && email === '') channel = 'phone';
    const phone =
      channel === 'phone' || channel === 'wechat' || rng.chance(0.3)
        ? noisyPhone(rng, p.phone, NOISE.tickets)
        : '';
    const mail =
      channel === 'email' || (channel === 'web' && phone === '') ? noisyEmail(rng, email, NOISE.tickets) : '';
    const accountCode = account && (rng.chance(0.7) || (phone === '' && mail === '')) ? account.code : '';
    const priority = item.topic === '物流异常' ? rng.pick(['P2', 'P3']) : PRIORITY.pick(rng);
    const [respond, resolve] = SLA[priority] ?? [240, 72];
    const firstT = item.t + Math.round(rng.lognormal(Math.log(respond * 60 * 0.45), 0.8));
    let resolvedT = firstT + Math.round(rng.lognormal(Math.log(resolve * 3600 * 0.4), 0.9));
    let reopenedT = -1;
    if (rng.chance(0.08)) {
      reopenedT = resolvedT + rng.between(1, 72) * 3600;
      resolvedT = reopenedT + Math.round(rng.lognormal(Math.log(resolve * 3600 * 0.3), 0.8));
    }
    const at = (x: number) => (x >= 0 && x < end ? cal.local(x) : '');
    this.tickets.line(
      csvRow([
        ticketId,
        channel,
        priority,
        phone,
        mail,
        accountCode,
        topic,
        cal.local(item.t),
        at(firstT),
        at(resolvedT),
        at(reopenedT),
        `agent-${String(rng.int(40) + 1).padStart(3, '0')}`,
      ]),
    );
    gt.add('tickets', `ticket_customer:${ticketId}`, p.core.index, accountCode);
    this.world.counts.add('tickets', 'tickets');
    if (firstT - item.t > respond * 60) this.world.counts.add('tickets', 'first_response_sla_missed');
    const answeredT = resolvedT + rng.between(1, 48) * 3600;
    if (answeredT < end && rng.chance(0.35)) {
      const missed = resolvedT - item.t > resolve * 3600;
      const base = 4.4 - (missed ? 0.9 : 0) - (reopenedT >= 0 ? 1.2 : 0) - (priority === 'P1' ? 0.3 : 0);
      const csat = Math.max(1, Math.min(5, Math.round(base + rng.normal(0, 0.8))));
      const nps = Math.max(0, Math.min(10, Math.round(csat * 2 + rng.normal(-0.5, 1.3))));
      this.surveys.line(csvRow([ticketId, csat, nps, cal.local(answeredT)]));
      this.world.counts.add('tickets', 'surveys');
    }
  }

  /** Numbers the day's tickets in creation order and writes them. */
  async finishDay(day: number): Promise<void> {
    const { ctx, people } = this.world;
    const list = this.pending.get(day) ?? [];
    this.pending.delete(day);
    list.sort((a, b) => a.t - b.t || a.tie - b.tie);
    const yymmdd = ctx.cal.compact(day).slice(2);
    list.forEach((item, k) => {
      const rng = item.planned
        ? rngFor(ctx.seed, STREAM.event, item.person, KIND_TICKET * 256 + (item.tie % 256))
        : rngFor(ctx.seed, STREAM.ticket, item.person, item.t);
      this.render(rng, people.get(item.person), item, `TK${yymmdd}${String(k + 1).padStart(5, '0')}`);
    });
    await this.tickets.drain();
    await this.surveys.drain();
  }

  /** Closes both files. */
  async close(): Promise<void> {
    await this.tickets.close();
    await this.surveys.close();
  }
}
