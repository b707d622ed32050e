// Source records of people spread over systems, with the noise identity resolution meets, made
// straight into rows for core.source_records: the generator writes whole feeds and the connectors
// parse them, which at a million records would make this bench about ingest, not identity.
import { pinyin } from 'pinyin-pro';

const FAMILIES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣怡佳雨晨晓梦琳子涵思诗雅婷萱瑶嘉文博彬鹏辉晶倩';
const LOOK_ALIKE: Record<string, string> = {
  王: '玉',
  玉: '王',
  明: '朋',
  晓: '哓',
  雨: '两',
  子: '孑',
  刚: '岗',
};
const TRADITIONAL: Record<string, string> = {
  张: '張',
  陈: '陳',
  刘: '劉',
  杨: '楊',
  黄: '黃',
  赵: '趙',
  伟: '偉',
  丽: '麗',
  华: '華',
  红: '紅',
  军: '軍',
  涛: '濤',
};
const CITIES = [
  '上海市',
  '北京市',
  '广州市',
  '深圳市',
  '杭州市',
  '成都市',
  '武汉市',
  '南京市',
  '西安市',
  '重庆市',
];

/** sfc32, seeded: the same data every run. */
function prng(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export const IDENTITY_COLUMNS = [
  ['source', 'text'],
  ['source_key', 'text'],
  ['full_name', 'text'],
  ['birth_date', 'date'],
  ['gender', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['national_id', 'text'],
  ['member_card', 'text'],
  ['union_id', 'text'],
  ['city', 'text'],
  ['address', 'text'],
  ['ingested_at', 'timestamptz'],
] as const;

export interface IdentityData {
  readonly rows: unknown[][];
  /** `source/source_key` -> person, the truth. */
  readonly truth: Map<string, string>;
}

/**
 * About `records` source records of records/3.3 people: store members, web-shop receivers (one per
 * order), patients with resident IDs, mini-program members and consent events. Noise: pinyin and
 * traditional spellings, look-alike typos, phones missing, households sharing a phone and address.
 */
export function identityRecords(records: number, seed = 7): IdentityData {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rand() * xs.length)] as T;
  const rows: unknown[][] = [];
  const truth = new Map<string, string>();
  const now = new Date('2025-06-01T00:00:00Z');
  let orders = 0;
  let person = 0;
  let prev: { family: string; phone: string; address: string; city: string } | null = null;
  while (rows.length < records) {
    person++;
    const id = `P${person}`;
    const household: boolean = prev !== null && rand() < 0.03;
    const family: string = household ? prev!.family : pick(FAMILIES);
    const given = pick<string>(GIVEN) + (rand() < 0.7 ? pick<string>(GIVEN) : '');
    const name = family + given;
    const gender = rand() < 0.5 ? 'male' : 'female';
    const year = 1950 + Math.floor(rand() * 55);
    const birth = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const phone: string = household
      ? prev!.phone
      : `+861${3 + Math.floor(rand() * 7)}${String(100000000 + person).slice(-9)}`;
    const city: string = household ? prev!.city : pick(CITIES);
    const address: string = household
      ? prev!.address
      : `${pick(['人民', '解放', '中山', '建设', '和平'])}路${1 + Math.floor(rand() * 900)}号${1 + Math.floor(rand() * 30)}栋${1 + Math.floor(rand() * 6)}单元${101 + Math.floor(rand() * 2000)}室`;
    const email = rand() < 0.4 ? `u${person}@${pick(['qq.com', '163.com', '126.com'])}` : null;
    prev = { family, phone, address, city };
    const noisy = (): string => {
      const r = rand();
      if (r < 0.08)
        return pinyin(name, { toneType: 'none', type: 'array' })
          .map((s, i) => (i < 2 ? s[0]!.toUpperCase() + s.slice(1) : s))
          .join(i18nSpace());
      if (r < 0.11) return [...name].map((ch) => TRADITIONAL[ch] ?? ch).join('');
      if (r < 0.14) return [...name].map((ch, i) => (i > 0 && LOOK_ALIKE[ch] ? LOOK_ALIKE[ch] : ch)).join('');
      return name;
    };
    function i18nSpace(): string {
      return rand() < 0.5 ? ' ' : '';
    }
    const add = (
      source: string,
      key: string,
      fields: Partial<Record<(typeof IDENTITY_COLUMNS)[number][0], unknown>>,
    ) => {
      truth.set(`${source}/${key}`, id);
      rows.push(
        IDENTITY_COLUMNS.map(([c]) =>
          c === 'source'
            ? source
            : c === 'source_key'
              ? key
              : c === 'ingested_at'
                ? now
                : (fields[c] ?? null),
        ),
      );
    };
    if (rand() < 0.6) {
      add('pos', `pos_member:${person}`, {
        full_name: noisy(),
        phone: rand() < 0.95 ? phone : null,
        member_card: `6688${person}`,
        birth_date: rand() < 0.8 ? birth : null,
        gender,
      });
    }
    const webOrders = rand() < 0.5 ? 1 + Math.floor(rand() * 3) : 0;
    for (let k = 0; k < webOrders; k++) {
      add('ecommerce', `ecommerce_receiver:${++orders}`, { full_name: noisy(), phone, city, address });
    }
    if (rand() < 0.3) {
      add('his', `his_patient:${person}`, {
        full_name: noisy(),
        phone: rand() < 0.95 ? phone : null,
        birth_date: birth,
        gender,
        national_id: `ID${person}`,
        city,
        address,
      });
    }
    if (rand() < 0.3) {
      add('miniprogram', `miniprogram:${person}`, {
        phone: rand() < 0.65 ? phone : null,
        union_id: `o${person}`,
        birth_date: rand() < 0.5 ? birth : null,
      });
      add('consents', `consent_event:${person}`, { union_id: `o${person}` });
    }
    if (rand() < 0.4)
      add('consents', `consent_event:p${person}`, email && rand() < 0.3 ? { email } : { phone });
    if (email && rand() < 0.3)
      add('crm', `crm_contact:${person}`, { full_name: noisy(), email, phone: rand() < 0.5 ? phone : null });
  }
  rows.length = Math.min(rows.length, records);
  return { rows, truth };
}
