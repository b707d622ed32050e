// The product catalogue shared by stores and the online shop: Chinese category names, titles, list
// prices in fen (integer cents, so amounts never suffer float rounding), and EAN-13 barcodes with the
// 69x prefix GS1 China issues. Stores sell more drinks and snacks, the online shop more electronics.

import { Weighted } from './random.ts';

export interface Product {
  sku: string;
  category: string;
  title: string;
  /** List price in fen. */
  price: number;
}

// [category, in-store weight, online weight, 'title:price;title:price...']
// prettier-ignore
const RAW: readonly (readonly [string, number, number, string])[] = [
  ['口罩', 6, 3, 'KN95防护口罩 10只装:29.9;医用外科口罩 50只:19.9;儿童口罩 30只:25.9;3D立体口罩 20只:15.9'],
  ['奶粉', 4, 6, '婴儿配方奶粉1段 800g:298;婴儿配方奶粉2段 800g:288;幼儿配方奶粉3段 800g:258;中老年高钙奶粉 800g:89;全脂奶粉 400g:45'],
  ['护肤', 5, 8, '保湿补水面霜 50g:168;玻尿酸精华液 30ml:219;氨基酸洁面乳 120g:69;防晒霜SPF50 60ml:129;补水面膜 10片:99'],
  ['彩妆', 2, 6, '哑光口红:149;气垫BB霜:189;眉笔:39;卸妆水 400ml:79'],
  ['零食', 12, 6, '每日坚果 30包:129;薯片 原味 104g:9.9;牛肉干 200g:49.9;夹心饼干 6包:15.8;海苔 36g:12.9;辣条 大包:6.5'],
  ['饮料', 12, 3, '矿泉水 550ml*24:29.9;无糖气泡水 480ml*15:59;纯牛奶 250ml*24:69.9;果汁 1L:12.8;即饮咖啡 268ml*15:75'],
  ['日用品', 10, 7, '抽纸 3层120抽*24包:49.9;卷纸 10卷:29.9;垃圾袋 100只:15.9;保鲜膜:12.9;湿巾 80抽*3包:19.9'],
  ['个人护理', 8, 6, '洗发水 750ml:59.9;沐浴露 1L:45.9;牙膏 120g*3:29.9;电动牙刷刷头 4支:79;剃须刀片 4片:89'],
  ['母婴用品', 4, 6, '纸尿裤 L码 54片:139;婴儿湿巾 80抽*6包:49.9;奶瓶 240ml:89;婴儿洗护套装:129'],
  ['保健品', 4, 5, '维生素C咀嚼片 100片:69;钙片 60粒:98;鱼油软胶囊 100粒:158;蛋白粉 400g:238;益生菌 30袋:129'],
  ['家居清洁', 6, 5, '洗衣液 3kg:49.9;洗洁精 1.5kg:19.9;消毒液 1L:29.9;洗衣凝珠 52颗:59.9'],
  ['粮油调味', 7, 3, '东北大米 5kg:49.9;花生油 5L:109;生抽酱油 1.28L:18.9;香醋 500ml:9.9'],
  ['数码配件', 1, 5, '快充数据线 1m:39;20W充电器:69;无线蓝牙耳机:199;手机壳:29'],
  ['宠物用品', 2, 4, '猫粮 2kg:89;狗粮 5kg:159;猫砂 10L:39.9'],
];

function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

function build(): { products: Product[]; pos: Weighted<number>; ecom: Weighted<number> } {
  const products: Product[] = [];
  const posW: [number, number][] = [];
  const ecomW: [number, number][] = [];
  for (const [category, wPos, wEcom, list] of RAW) {
    const items = list.split(';');
    for (const item of items) {
      const [title, price] = item.split(':') as [string, string];
      const n = products.length;
      const body = `692${String((n * 7_919 + 104_729) % 1_000_000_000).padStart(9, '0')}`;
      products.push({ sku: ean13(body), category, title, price: Math.round(Number(price) * 100) });
      posW.push([n, wPos / items.length]);
      ecomW.push([n, wEcom / items.length]);
    }
  }
  return { products, pos: new Weighted(posW), ecom: new Weighted(ecomW) };
}

const built = build();
export const PRODUCTS: readonly Product[] = built.products;
export const posProductTable = built.pos;
export const ecomProductTable = built.ecom;

/** The product at an index drawn from one of the tables. */
export function productAt(index: number): Product {
  const p = PRODUCTS[index];
  if (!p) throw new Error(`no product ${index}`);
  return p;
}

/** Fen as a decimal yuan string: 2990 -> '29.90'. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
