// An e-commerce platform export as the ecommerce connector reads it (monthly NDJSON files of orders
// with their buyer, receiver, items and coupons, and of refunds), large enough to measure ingest.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';

const MONTHS = 4;
const STATUSES = [
  'completed',
  'completed',
  'completed',
  'completed',
  'paid',
  'shipped',
  'cancelled',
  '交易成功',
];
const CLIENTS = ['app', 'h5', 'mini_program', 'pc'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '涛', '明'];
const LATIN = ['Crystal', 'Kevin Wang', 'Amy', 'Tony Li'];
const PLACES = [
  ['湖北', '武汉市', '江汉区'],
  ['天津市', '天津', '河西区'],
  ['河北省', '石家庄市', '新华区'],
  ['上海市', '上海市', '浦东新区'],
  ['广东省', '深圳市', '南山区'],
] as const;
const PRODUCTS = [
  ['洗衣液 3kg', '家居清洁', 4990],
  ['全脂奶粉 400g', '奶粉', 4500],
  ['眉笔', '彩妆', 3900],
  ['保湿面霜 50ml', '护肤', 12800],
  ['坚果礼盒', '零食', 8800],
  ['维生素C 100片', '保健品', 6900],
] as const;
const REASONS = ['拍错了', '地址填错', '不想要了', '质量问题'];

/** The files written and what they hold. */
export interface EcommerceFeed {
  readonly dir: string;
  readonly orders: number;
  readonly refunds: number;
}

/**
 * Writes `orders` orders (1-4 items each, over `orders / 4` buyer accounts, a coupon on one in
 * five) in monthly files `<dir>/ecommerce/orders-2025MM.ndjson`, and a refund for one order in
 * twelve in `refunds-2025MM.ndjson`. Deterministic: the same count gives the same bytes.
 */
export async function writeEcommerceFeed(dir: string, orders: number): Promise<EcommerceFeed> {
  const out = join(dir, 'ecommerce');
  await mkdir(out, { recursive: true });
  let seed = 4242;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The high bits: this generator's low bits repeat with a short period.
    return Math.floor((seed / 2147483648) * n);
  };
  const buyers = Math.max(1, Math.floor(orders / 4));
  const money = (cents: number): number => cents / 100;
  let refunds = 0;
  let written = 0;
  for (let month = 1; month <= MONTHS; month++) {
    const mm = String(month).padStart(2, '0');
    const inMonth = Math.floor((orders * month) / MONTHS) - written;
    const orderFile = new Chunked(createWriteStream(join(out, `orders-2025${mm}.ndjson`)));
    const refundFile = new Chunked(createWriteStream(join(out, `refunds-2025${mm}.ndjson`)));
    for (let i = 0; i < inMonth; i++, written++) {
      const sec = Math.floor((i * 28 * 86_400) / inMonth);
      const day = String(1 + Math.floor(sec / 86_400)).padStart(2, '0');
      const time = (s: number): string =>
        `2025-${mm}-${day}T${String(Math.floor(s / 3600) % 24).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}+08:00`;
      const orderId = `25${mm}${day}${String(written).padStart(9, '0')}`;
      const buyer = rand(buyers);
      const items = [];
      let gross = 0;
      let itemDiscount = 0;
      for (let n = 1 + rand(4), k = 0; k < n; k++) {
        const [title, category, price] = PRODUCTS[rand(PRODUCTS.length)]!;
        const qty = 1 + (rand(5) === 0 ? 1 : 0);
        const discount = rand(6) === 0 ? 500 : 0;
        gross += qty * price;
        itemDiscount += discount;
        items.push({
          sku: `69200${String(rand(100_000_000)).padStart(8, '0')}`,
          title,
          category,
          qty,
          price: money(price),
          discount: money(discount),
        });
      }
      const coupons = rand(5) === 0 ? [{ code: `CP${rand(1000)}`, amount: 10 }] : [];
      const freight = rand(3) === 0 ? 0 : 600;
      const pay = gross - itemDiscount - coupons.length * 1000 + freight;
      const chinese = rand(8) > 0;
      const place = PLACES[rand(PLACES.length)]!;
      const order = {
        order_id: orderId,
        status: STATUSES[rand(STATUSES.length)],
        created_at: time(sec % 86_400),
        paid_at: time(Math.min(86_399, (sec % 86_400) + 60 + rand(900))),
        client: CLIENTS[rand(CLIENTS.length)],
        buyer: {
          nick: `tb${String(buyer * 7919).padStart(10, '0')}`,
          platform_user_id: String(2_000_000_000 + buyer),
          ...(buyer % 3 === 0 ? { union_id: `oU${String(buyer).padStart(26, '0')}` } : {}),
        },
        receiver: {
          name: chinese
            ? `${SURNAMES[buyer % SURNAMES.length]}${GIVEN[buyer % GIVEN.length]}${GIVEN[(buyer >> 4) % GIVEN.length]}`
            : LATIN[buyer % LATIN.length],
          phone: `1${3 + (buyer % 7)}${String((buyer * 104_729) % 1e9).padStart(9, '0')}`,
          province: place[0],
          city: place[1],
          district: place[2],
          address: `长江路${1 + rand(999)}号阳光花园${1 + rand(30)}栋${1 + rand(6)}单元${1 + rand(30)}0${1 + rand(4)}室`,
        },
        items,
        coupons,
        pay_amount: money(pay),
        freight: money(freight),
      };
      await orderFile.write(JSON.stringify(order));
      if (rand(12) === 0) {
        refunds++;
        await refundFile.write(
          JSON.stringify({
            refund_id: `RF${orderId}`,
            order_id: orderId,
            amount: money(pay),
            reason: REASONS[rand(REASONS.length)],
            created_at: time(Math.min(86_399, (sec % 86_400) + 3600)),
          }),
        );
      }
    }
    await orderFile.end();
    await refundFile.end();
  }
  return { dir: out, orders, refunds };
}

/** Lines gathered into megabyte writes. */
class Chunked {
  private buf = '';
  constructor(private readonly out: WriteStream) {}

  async write(line: string): Promise<void> {
    this.buf += `${line}\n`;
    if (this.buf.length > 1 << 20) {
      if (!this.out.write(this.buf)) await once(this.out, 'drain');
      this.buf = '';
    }
  }

  async end(): Promise<void> {
    this.out.end(this.buf);
    await once(this.out, 'finish');
  }
}
