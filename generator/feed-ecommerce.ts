// ecommerce/: the online shop's platform exports. orders-YYYYMM.ndjson has one order per line with the
// buyer account, the receiver (usually the buyer, sometimes a household member or a gift recipient),
// items, coupons, and the status as of the export (end of the window). refunds-YYYYMM.ndjson has the
// refunds created in that month. Paid orders are handed to the logistics partner (feed-wms.ts), whose
// outcome (late, lost, damaged) drives statuses, refunds and support tickets.

import { ecomProductTable, productAt } from './catalog.ts';
import type { PlannedEvent } from './lifecycle.ts';
import { KIND_ECOM } from './lifecycle.ts';
import { noisyName, noisyPhone, NOISE } from './noise.ts';
import type { Address, Person } from './person.ts';
import { maskPhone } from './phones.ts';
import { personCore } from './population.ts';
import type { GenContext } from './context.ts';
import type { Rng } from './random.ts';
import { hash32, rngFor, Weighted } from './random.ts';
import { STREAM } from './streams.ts';
import type { TicketFeed } from './feed-tickets.ts';
import type { WmsFeed } from './feed-wms.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';

const CLIENTS = new Weighted([
  ['app', 45],
  ['miniprogram', 20],
  ['h5', 15],
  ['pc', 20],
] as const);
const DAY = 86_400;

/** Which of the person's platform accounts placed order `ord` (the event stream's first draw). */
export function orderAccount(ctx: GenContext, p: Person, ord: number): number {
  const rng = rngFor(ctx.seed, STREAM.event, p.core.index, KIND_ECOM * 256 + ord);
  return p.platformUserIds.length > 1 && rng.chance(0.3) ? 1 : 0;
}

/** Ground truth for every platform account that placed at least one order in the window. */
export function addBuyerGroundTruth(world: World, p: Person, plan: readonly PlannedEvent[]): void {
  const used = new Set<number>();
  for (const ev of plan) if (ev.kind === KIND_ECOM) used.add(orderAccount(world.ctx, p, ev.ord));
  for (const a of [...used].sort()) {
    world.gt.add('ecommerce', `ecommerce_buyer:${p.platformUserIds[a] ?? ''}`, p.core.index);
    world.counts.add('ecommerce', 'buyer_accounts');
  }
}

function receiverAddress(rng: Rng, a: Address): Record<string, string> {
  const short = (s: string) => (rng.chance(0.15) ? s.replace(/(省|市|壮族自治区)$/, '') : s);
  const detail = rng.chance(0.05) ? a.street : `${a.street}${a.detail}`;
  return {
    province: short(a.province),
    city: short(a.city),
    district: a.district,
    address: rng.chance(0.2) ? `${a.city}${a.district}${detail}` : detail,
  };
}

function couponFor(rng: Rng, promo: string, subtotal: number): { code: string; amount: number }[] {
  const code = (prefix: string, fen: number) =>
    `${prefix}-${fen / 100}OFF-${rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 6)}`;
  if (promo !== '' && subtotal >= 10_000 && rng.chance(0.6)) {
    const fen = subtotal >= 30_000 ? 5000 : subtotal >= 20_000 ? 3000 : 1500;
    return [{ code: code(promo, fen), amount: fen / 100 }];
  }
  if (rng.chance(0.08) && subtotal >= 3000) return [{ code: code('SHOP', 500), amount: 5 }];
  return [];
}

/** Writes the monthly order and refund files during the day pass. */
export class EcommerceFeed {
  private month = '';
  private orders: LineSink | undefined;
  private refunds: LineSink | undefined;
  private readonly refundQueue = new Map<number, { t: number; line: string }[]>();
  private daySeq = 0;
  private refundSeq = 0;

  constructor(
    private readonly world: World,
    private readonly wms: WmsFeed,
    private readonly tickets: TicketFeed,
  ) {}

  /** Rolls the monthly files over when the day starts a new month. */
  async startDay(day: number): Promise<void> {
    const month = this.world.ctx.cal.month(day);
    this.daySeq = 0;
    if (month === this.month) return;
    await this.closeFiles();
    this.month = month;
    this.orders = this.world.output.open(`ecommerce/orders-${month}.ndjson`, 'ecommerce');
    this.refunds = this.world.output.open(`ecommerce/refunds-${month}.ndjson`, 'ecommerce');
  }

  private queueRefund(t: number, orderId: string, fen: number, reason: string): boolean {
    const { cal } = this.world.ctx;
    const day = Math.floor(t / DAY);
    if (day >= cal.days) return false;
    const refundId = `RF${cal.compact(day).slice(2)}${String(++this.refundSeq).padStart(7, '0')}`;
    const line = JSON.stringify({
      refund_id: refundId,
      order_id: orderId,
      amount: fen / 100,
      reason,
      created_at: cal.iso(t),
    });
    let list = this.refundQueue.get(day);
    if (!list) this.refundQueue.set(day, (list = []));
    list.push({ t, line });
    return true;
  }

  private receiverOf(rng: Rng, p: Person): number {
    const { ctx } = this.world;
    const i = p.core.index;
    const roll = rng.float();
    if (roll < 0.93) return i;
    if (roll < 0.97) {
      if (p.core.householdHead >= 0) return p.core.householdHead;
      if (i + 1 < ctx.n && personCore(ctx, i + 1).householdHead === i) return i + 1;
      return i;
    }
    const j = rng.int(ctx.n);
    return j === i ? i : j;
  }

  /** One order from a person's timeline. */
  addOrder(p: Person, ev: PlannedEvent): void {
    const { ctx, gt, counts, people } = this.world;
    const { cal, season } = ctx;
    const i = p.core.index;
    const rng = rngFor(ctx.seed, STREAM.event, i, KIND_ECOM * 256 + ev.ord);
    const account = p.platformUserIds.length > 1 && rng.chance(0.3) ? 1 : 0;
    const t = ev.day * DAY + ev.second;
    const orderId = `${cal.compact(ev.day).slice(2)}${String(++this.daySeq).padStart(7, '0')}${String(rng.int(100)).padStart(2, '0')}`;
    const client = CLIENTS.pick(rng);
    const bound = client === 'miniprogram' || hash32(ctx.seed, STREAM.ids, i, account) % 100 < 40;
    const recvIndex = this.receiverOf(rng, p);
    const recv = recvIndex === i ? p : people.get(recvIndex);
    const moved = recv.core.moveDay >= 0 && ev.day >= recv.core.moveDay;
    const address = moved ? recv.laterAddress : recv.address;
    const phone = recv.phone2 && rng.chance(0.3) ? recv.phone2 : recv.phone;
    const promo = season.promo[ev.day] ?? '';
    const items = [];
    let subtotal = 0;
    const n = Math.min(5, 1 + rng.geometric(0.55));
    for (let k = 0; k < n; k++) {
      const prod = productAt(ecomProductTable.pick(rng));
      const qty = rng.chance(0.8) ? 1 : rng.between(2, 3);
      const discount =
        promo !== '' && rng.chance(0.3) ? Math.round(prod.price * qty * (0.1 + rng.int(5) * 0.05)) : 0;
      subtotal += prod.price * qty - discount;
      items.push({
        sku: prod.sku,
        title: prod.title,
        category: prod.category,
        qty,
        price: prod.price / 100,
        discount: discount / 100,
      });
    }
    const coupons = couponFor(rng, promo, subtotal);
    const couponFen = coupons.reduce((s, c) => s + c.amount * 100, 0);
    const freight = subtotal - couponFen >= 9900 ? 0 : rng.pick([600, 800, 1000]);
    const payFen = subtotal - couponFen + freight;
    const cancelled = rng.chance(0.05);
    const paidT = t + rng.between(5, 900);
    const end = cal.days * DAY;
    let status = 'cancelled';
    if (!cancelled) {
      let refundedT = -1;
      if (rng.chance(0.025)) {
        const rt = paidT + rng.between(600, 6 * 3600);
        if (this.queueRefund(rt, orderId, payFen, rng.pick(['不想要了', '拍错了', '地址填错'])) && rt < end)
          refundedT = rt;
      } else {
        const wmsPhone = noisyPhone(rng, phone, NOISE.wms);
        const out = this.wms.ship({
          orderRef: orderId,
          person: recvIndex,
          accountCode: '',
          consigneePhone: wmsPhone,
          cityIndex: moved ? recv.core.moveCityIndex : recv.core.cityIndex,
          district: address.district,
          readyT: paidT + rng.between(300, 3600),
          rng,
        });
        if (out.exception !== '' && rng.chance(0.5)) {
          this.tickets.trigger(i, out.exceptionT + rng.between(2, 30) * 3600, '物流异常', false);
        }
        let full: [number, string] | undefined;
        if (out.deliveredT < 0) full = [out.exceptionT + rng.between(3, 7) * DAY, '物流异常'];
        else if (out.exception === 'E03' && rng.chance(0.8))
          full = [out.deliveredT + rng.between(2, 48) * 3600, '商品破损'];
        else if (rng.chance(0.035)) full = [out.deliveredT + rng.between(1, 7) * DAY, '七天无理由退货'];
        if (full) {
          if (this.queueRefund(full[0], orderId, payFen, full[1]) && full[0] < end) refundedT = full[0];
          if (rng.chance(0.25))
            this.tickets.trigger(i, full[0] + rng.between(1, 72) * 3600, '退款进度', false);
        } else if (out.deliveredT >= 0 && items.length > 1 && rng.chance(0.04)) {
          const item = items[0] as { price: number; qty: number; discount: number };
          const fen = Math.round((item.price * item.qty - item.discount) * 100);
          this.queueRefund(
            out.deliveredT + rng.between(1, 10) * DAY,
            orderId,
            fen,
            rng.pick(['质量问题', '发错货']),
          );
        }
        const confirmT = out.deliveredT + rng.between(0, 7 * DAY);
        status = out.deliveredT >= 0 && confirmT < end ? 'completed' : out.shipT < end ? 'shipped' : 'paid';
      }
      if (refundedT >= 0) status = 'refunded';
    }
    const order = {
      order_id: orderId,
      status,
      created_at: cal.iso(t),
      paid_at: cancelled ? null : cal.iso(paidT),
      client,
      buyer: {
        nick: p.buyerNicks[account] ?? '',
        ...(bound ? { union_id: p.unionId } : {}),
        ...(client === 'miniprogram' ? { open_id: p.shopOpenId } : {}),
        platform_user_id: p.platformUserIds[account] ?? '',
        ...(client === 'app' && p.deviceId ? { device_id: p.deviceId } : {}),
      },
      receiver: {
        name: noisyName(rng, recv.name, NOISE.ecommerce),
        phone: rng.chance(0.06) ? maskPhone(phone) : noisyPhone(rng, phone, NOISE.ecommerce),
        ...receiverAddress(rng, address),
      },
      items,
      coupons,
      pay_amount: payFen / 100,
      freight: freight / 100,
    };
    this.orders?.line(JSON.stringify(order));
    gt.add('ecommerce', `ecommerce_receiver:${orderId}`, recvIndex);
    counts.add('ecommerce', 'orders');
    counts.add('ecommerce', 'order_items', items.length);
    if (recvIndex !== i) counts.add('ecommerce', 'orders_to_other_person');
  }

  /** Writes refunds created today; checkpoint for backpressure. */
  async finishDay(day: number): Promise<void> {
    const list = this.refundQueue.get(day) ?? [];
    this.refundQueue.delete(day);
    list.sort((a, b) => a.t - b.t);
    for (const r of list) this.refunds?.line(r.line);
    this.world.counts.add('ecommerce', 'refunds', list.length);
    await this.orders?.drain();
    await this.refunds?.drain();
  }

  private async closeFiles(): Promise<void> {
    await this.orders?.close();
    await this.refunds?.close();
  }

  /** Closes the last month's files. */
  close(): Promise<void> {
    return this.closeFiles();
  }
}
