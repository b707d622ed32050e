// A POS daily export as tills write it (UTF-8, receipt lines), large enough to measure ingest.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const POS_HEADER =
  'store_code,till_no,receipt_no,member_card_no,member_phone,txn_time,sku,category,qty,unit_price,discount,line_amount,payment_method';
const CATEGORIES = ['口罩', '奶粉', '护肤', '零食', '日用品', '饮料', '保健品'];
const PAYMENTS = ['微信支付', '支付宝', '现金', '银行卡', '会员储值'];

/** Writes `lines` receipt lines (1-5 per receipt) to `<dir>/pos/SH01/20250301.csv`; returns the path. */
export async function writePosFeed(dir: string, lines: number): Promise<string> {
  return (await writePosStoreFeeds(dir, lines, 1))[0]!;
}

/**
 * A store chain's day: `lines` receipt lines split over `stores` daily exports of about the same
 * size, `<dir>/pos/S001/20250301.csv` and on (one store, SH01, for a single file); returns the paths.
 * The same lines whatever the split, but for the store code and receipt numbers.
 */
export async function writePosStoreFeeds(dir: string, lines: number, stores: number): Promise<string[]> {
  const fs = await import('node:fs/promises');
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const paths: string[] = [];
  let written = 0;
  for (let s = 0; s < stores; s++) {
    const store = stores === 1 ? 'SH01' : `S${String(s + 1).padStart(3, '0')}`;
    await fs.mkdir(join(dir, 'pos', store), { recursive: true });
    const path = join(dir, 'pos', store, '20250301.csv');
    paths.push(path);
    const out = createWriteStream(path);
    const quota = Math.round(((s + 1) * lines) / stores) - written;
    let buf = POS_HEADER + '\n';
    let mine = 0;
    for (let receipt = 1; mine < quota; receipt++) {
      const member = rand(3) > 0;
      const card = member ? `6688${String(rand(1_000_000)).padStart(6, '0')}` : '';
      const phone = !member && rand(4) === 0 ? `1${3 + rand(7)}${String(rand(1e9)).padStart(9, '0')}` : '';
      const sec = Math.floor((receipt * 86_399) / (quota / 2));
      const time = `2025-03-01 ${String(Math.floor(sec / 3600) % 24).padStart(2, '0')}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}`;
      const pay = PAYMENTS[rand(PAYMENTS.length)]!;
      const n = 1 + rand(5);
      for (let l = 0; l < n && mine < quota; l++, mine++) {
        const qty = 1 + rand(3);
        const price = (500 + rand(20000)) / 100;
        const disc = rand(5) === 0 ? 1 : 0;
        const amount = (Math.round(qty * price * 100) - disc * 100) / 100;
        buf += `${store},T${1 + rand(4)},${String(receipt).padStart(8, '0')},${card},${phone},${time},SKU${rand(5000)},${CATEGORIES[rand(CATEGORIES.length)]},${qty},${price.toFixed(2)},${disc.toFixed(2)},${amount.toFixed(2)},${pay}\n`;
      }
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    written += mine;
    out.end(buf);
    await once(out, 'finish');
  }
  return paths;
}
