// pos/: the store chain's exports. pos/members.csv is the member master (one row per card; a few
// persons registered twice and hold two cards). pos/<store>/<YYYYMMDD>.csv is each till system's daily
// export, one row per receipt line, in the store's own encoding (GBK, UTF-8 with BOM, or UTF-8).
// Daily files are produced by the day pass: all receipts of one day are collected per store, merged
// with walk-in (non-member) receipts, numbered in time order and written whole, one file at a time.

import { posProductTable, productAt, yuan } from './catalog.ts';
import type { PlannedEvent } from './lifecycle.ts';
import { KIND_POS } from './lifecycle.ts';
import { noisyBirth, noisyName, noisyPhone, NOISE } from './noise.ts';
import type { Person } from './person.ts';
import { storesInCity, STORES } from './places.ts';
import type { Rng } from './random.ts';
import { rngFor, Weighted } from './random.ts';
import { posSecond } from './seasonality.ts';
import { STREAM } from './streams.ts';
import type { World } from './world.ts';
import type { LineSink } from './writer.ts';
import { csvRow } from './writer.ts';

export const POS_HEADER =
  'store_code,till_no,receipt_no,member_card_no,member_phone,txn_time,sku,category,qty,unit_price,discount,line_amount,payment_method';
const MEMBER_HEADER = 'member_card_no,name,phone,gender,birthday,store_code,registered_at';

const PAYMENTS = new Weighted([
  ['微信支付', 45],
  ['支付宝', 30],
  ['银行卡', 10],
  ['现金', 7],
  ['会员储值', 8],
] as const);

export interface CardRegistration {
  card: string;
  store: number;
  /** Window-relative timestamp (seconds). */
  t: number;
}

/** The cards a member holds and when and where each was issued. */
export function posRegistrations(world: World, p: Person): CardRegistration[] {
  if (!p.core.pos) return [];
  const rng = rngFor(world.ctx.seed, STREAM.posMember, p.core.index);
  const days = world.ctx.cal.days;
  return p.memberCards.map((card, k) => {
    const day = k === 0 ? p.core.acqDay : Math.min(days - 1, p.core.acqDay + 1 + rng.int(days));
    const store = k === 0 || rng.chance(0.5) ? p.core.homeStore : rng.int(STORES.length);
    return { card, store, t: day * 86_400 + posSecond(rng) };
  });
}

/** Writes pos/members.csv during the person pass. */
export class PosMemberFeed {
  private constructor(
    private readonly world: World,
    private readonly sink: LineSink,
  ) {}

  static open(world: World): PosMemberFeed {
    return new PosMemberFeed(world, world.output.open('pos/members.csv', 'pos', MEMBER_HEADER, 'utf-8-bom'));
  }

  /** One row per card the person holds. */
  onPerson(p: Person): void {
    const { ctx, gt, counts } = this.world;
    for (const reg of posRegistrations(this.world, p)) {
      const rng = rngFor(ctx.seed, STREAM.noise, p.core.index, 0x100 + reg.card.length);
      const phone = rng.chance(0.03) ? '' : noisyPhone(rng, p.phone, NOISE.pos);
      const birthday = rng.chance(0.2) ? '' : noisyBirth(rng, p.birthDate, NOISE.pos);
      const gender = rng.chance(0.05) ? '' : p.core.male ? '男' : '女';
      const store = STORES[reg.store]?.code ?? '';
      this.sink.line(
        csvRow([
          reg.card,
          noisyName(rng, p.name, NOISE.pos),
          phone,
          gender,
          birthday,
          store,
          ctx.cal.local(reg.t),
        ]),
      );
      gt.add('pos', `pos_member:${reg.card}`, p.core.index);
      counts.add('pos', 'members');
    }
  }

  drain(): Promise<void> {
    return this.sink.drain();
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}

interface Receipt {
  second: number;
  tie: number;
  till: number;
  /** Renders the receipt's lines once its number is known; returns them. */
  render: (receiptNo: string) => string[];
}

interface BasketLine {
  sku: string;
  category: string;
  qty: number;
  price: number;
  discount: number;
}

function basket(rng: Rng, member: boolean, promo: boolean): BasketLine[] {
  if (rng.chance(0.02)) {
    const p = productAt(posProductTable.pick(rng));
    return [{ sku: p.sku, category: p.category, qty: -1, price: p.price, discount: 0 }];
  }
  const lines: BasketLine[] = [];
  const n = Math.min(8, 1 + rng.geometric(0.42));
  for (let k = 0; k < n; k++) {
    const p = productAt(posProductTable.pick(rng));
    const qty = rng.chance(0.72) ? 1 : rng.between(2, 4);
    const rate = promo && rng.chance(0.35) ? 0.1 + rng.int(3) * 0.05 : member && rng.chance(0.2) ? 0.05 : 0;
    lines.push({
      sku: p.sku,
      category: p.category,
      qty,
      price: p.price,
      discount: Math.round(p.price * qty * rate),
    });
  }
  return lines;
}

function renderLines(
  head: string,
  cardPhone: string,
  time: string,
  lines: BasketLine[],
  pay: string,
): string[] {
  return lines.map((l) => {
    const amount = l.qty < 0 ? l.price * l.qty : l.price * l.qty - l.discount;
    return `${head},${cardPhone},${time},${l.sku},${l.category},${l.qty},${yuan(l.price)},${yuan(l.discount)},${yuan(amount)},${pay}`;
  });
}

/** Collects one day's receipts per store and writes the day's file for every store. */
export class PosDayFeed {
  private byStore: Receipt[][] = STORES.map(() => []);

  constructor(private readonly world: World) {}

  /** A member purchase planned in the person's timeline. */
  addMemberReceipt(p: Person, ev: PlannedEvent): void {
    const { ctx, gt } = this.world;
    const i = p.core.index;
    const rng = rngFor(ctx.seed, STREAM.event, i, KIND_POS * 256 + ev.ord);
    const moved = p.core.moveDay >= 0 && ev.day >= p.core.moveDay ? storesInCity(p.core.moveCityIndex) : [];
    const local = storesInCity(p.core.cityIndex);
    const store =
      moved.length > 0
        ? rng.pick(moved)
        : rng.chance(0.85) || local.length === 0
          ? p.core.homeStore
          : rng.pick(local);
    const card =
      p.memberCards.length > 1 && rng.chance(0.4)
        ? (p.memberCards[1] as string)
        : (p.memberCards[0] as string);
    const phone = p.phone2 && rng.chance(0.3) ? p.phone2 : p.phone;
    const how = rng.float();
    const cardNo = how < 0.1 ? '' : card;
    const typed = how < 0.1 || how > 0.95 ? noisyPhone(rng, phone, NOISE.pos) : '';
    const lines = basket(rng, true, ctx.season.promo[ev.day] !== '');
    const pay = PAYMENTS.pick(rng);
    const till = rng.int(2 + (store % 4));
    const time = ctx.cal.local(ev.day * 86_400 + ev.second);
    const code = STORES[store]?.code ?? '';
    this.byStore[store]?.push({
      second: ev.second,
      tie: i * 256 + ev.ord,
      till,
      render: (no) => {
        gt.add('pos', `pos_receipt:${code}:${no}`, i);
        return renderLines(
          `${code},T${String(till + 1).padStart(2, '0')},${no}`,
          `${cardNo},${typed}`,
          time,
          lines,
          pay,
        );
      },
    });
  }

  private addWalkIns(day: number): void {
    const { ctx } = this.world;
    const base = (ctx.n * 0.004) / STORES.length;
    STORES.forEach((s, store) => {
      const rng = rngFor(ctx.seed, STREAM.anonymous, day, store);
      const count = rng.poisson(base * s.size * (ctx.season.pos[day] as number));
      for (let k = 0; k < count; k++) {
        const second = posSecond(rng);
        const lines = basket(rng, false, ctx.season.promo[day] !== '');
        let pay = PAYMENTS.pick(rng);
        if (pay === '会员储值') pay = '现金';
        const till = rng.int(2 + (store % 4));
        const time = ctx.cal.local(day * 86_400 + second);
        this.byStore[store]?.push({
          second,
          tie: 2 ** 40 + k,
          till,
          render: (no) =>
            renderLines(`${s.code},T${String(till + 1).padStart(2, '0')},${no}`, ',', time, lines, pay),
        });
      }
    });
  }

  /** Numbers and writes every store's file for the day, then forgets the day. */
  finishDay(day: number): void {
    const { ctx, output, counts } = this.world;
    this.addWalkIns(day);
    const yymmdd = ctx.cal.compact(day).slice(2);
    for (let store = 0; store < STORES.length; store++) {
      const s = STORES[store];
      const receipts = this.byStore[store];
      if (!s || !receipts) continue;
      receipts.sort((a, b) => a.second - b.second || a.tie - b.tie);
      const rows: string[] = [];
      receipts.forEach((r, seq) => {
        const no = `${yymmdd}${String(r.till + 1).padStart(2, '0')}${String(seq + 1).padStart(5, '0')}`;
        for (const line of r.render(no)) rows.push(line);
      });
      counts.add('pos', 'receipts', receipts.length);
      counts.add('pos', 'receipt_lines', rows.length);
      output.writeWhole(`pos/${s.code}/${ctx.cal.compact(day)}.csv`, 'pos', rows, POS_HEADER, s.encoding);
    }
    this.byStore = STORES.map(() => []);
  }
}
