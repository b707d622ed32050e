// Geography: real cities with their provinces and real district-level administrative codes (the first
// six digits of a resident ID born there), the retail chain's stores, and the logistics warehouses.

import { Weighted } from './random.ts';

export interface City {
  province: string;
  city: string;
  /** Relative population weight used when placing persons. */
  weight: number;
  /** [district name, 6-digit administrative code]. */
  districts: readonly (readonly [string, string])[];
  /** Warehouse code that serves the city. */
  warehouse: string;
}

const d = (list: string): [string, string][] =>
  list.split(' ').map((t) => [t.slice(6), t.slice(0, 6)] as [string, string]);

// prettier-ignore
export const CITIES: readonly City[] = [
  { province: '北京市', city: '北京市', weight: 22, warehouse: 'WH-BJ', districts: d('110101东城区 110102西城区 110105朝阳区 110106丰台区 110108海淀区 110114昌平区') },
  { province: '上海市', city: '上海市', weight: 25, warehouse: 'WH-SH', districts: d('310101黄浦区 310104徐汇区 310105长宁区 310106静安区 310107普陀区 310110杨浦区 310112闵行区 310115浦东新区') },
  { province: '天津市', city: '天津市', weight: 12, warehouse: 'WH-BJ', districts: d('120101和平区 120103河西区 120104南开区 120105河北区') },
  { province: '重庆市', city: '重庆市', weight: 16, warehouse: 'WH-CD', districts: d('500103渝中区 500105江北区 500106沙坪坝区 500108南岸区 500112渝北区') },
  { province: '广东省', city: '广州市', weight: 18, warehouse: 'WH-GZ', districts: d('440103荔湾区 440104越秀区 440105海珠区 440106天河区 440111白云区 440113番禺区') },
  { province: '广东省', city: '深圳市', weight: 17, warehouse: 'WH-GZ', districts: d('440303罗湖区 440304福田区 440305南山区 440306宝安区 440307龙岗区') },
  { province: '广东省', city: '东莞市', weight: 9, warehouse: 'WH-GZ', districts: d('441900南城街道 441900东城街道 441900虎门镇 441900长安镇') },
  { province: '广东省', city: '佛山市', weight: 8, warehouse: 'WH-GZ', districts: d('440604禅城区 440605南海区 440606顺德区') },
  { province: '浙江省', city: '杭州市', weight: 12, warehouse: 'WH-SH', districts: d('330102上城区 330105拱墅区 330106西湖区 330108滨江区 330110余杭区') },
  { province: '浙江省', city: '宁波市', weight: 8, warehouse: 'WH-SH', districts: d('330203海曙区 330206北仑区 330212鄞州区') },
  { province: '江苏省', city: '南京市', weight: 9, warehouse: 'WH-SH', districts: d('320102玄武区 320104秦淮区 320105建邺区 320106鼓楼区 320115江宁区') },
  { province: '江苏省', city: '苏州市', weight: 12, warehouse: 'WH-SH', districts: d('320505虎丘区 320506吴中区 320507相城区 320508姑苏区') },
  { province: '江苏省', city: '无锡市', weight: 7, warehouse: 'WH-SH', districts: d('320211滨湖区 320213梁溪区 320214新吴区') },
  { province: '四川省', city: '成都市', weight: 20, warehouse: 'WH-CD', districts: d('510104锦江区 510105青羊区 510106金牛区 510107武侯区 510108成华区') },
  { province: '湖北省', city: '武汉市', weight: 13, warehouse: 'WH-WH', districts: d('420102江岸区 420103江汉区 420106武昌区 420111洪山区') },
  { province: '陕西省', city: '西安市', weight: 12, warehouse: 'WH-XA', districts: d('610102新城区 610103碑林区 610104莲湖区 610113雁塔区') },
  { province: '湖南省', city: '长沙市', weight: 10, warehouse: 'WH-WH', districts: d('430102芙蓉区 430103天心区 430104岳麓区 430105开福区') },
  { province: '河南省', city: '郑州市', weight: 12, warehouse: 'WH-WH', districts: d('410102中原区 410103二七区 410105金水区') },
  { province: '山东省', city: '济南市', weight: 9, warehouse: 'WH-BJ', districts: d('370102历下区 370103市中区 370104槐荫区') },
  { province: '山东省', city: '青岛市', weight: 10, warehouse: 'WH-BJ', districts: d('370202市南区 370203市北区 370212崂山区') },
  { province: '辽宁省', city: '沈阳市', weight: 9, warehouse: 'WH-SY', districts: d('210102和平区 210103沈河区 210104大东区') },
  { province: '辽宁省', city: '大连市', weight: 7, warehouse: 'WH-SY', districts: d('210202中山区 210203西岗区 210204沙河口区') },
  { province: '黑龙江省', city: '哈尔滨市', weight: 10, warehouse: 'WH-SY', districts: d('230102道里区 230103南岗区 230104道外区') },
  { province: '吉林省', city: '长春市', weight: 9, warehouse: 'WH-SY', districts: d('220102南关区 220104朝阳区 220105二道区') },
  { province: '河北省', city: '石家庄市', weight: 11, warehouse: 'WH-BJ', districts: d('130102长安区 130104桥西区 130105新华区') },
  { province: '山西省', city: '太原市', weight: 5, warehouse: 'WH-BJ', districts: d('140105小店区 140106迎泽区 140107杏花岭区') },
  { province: '安徽省', city: '合肥市', weight: 9, warehouse: 'WH-SH', districts: d('340102瑶海区 340103庐阳区 340104蜀山区') },
  { province: '福建省', city: '福州市', weight: 8, warehouse: 'WH-GZ', districts: d('350102鼓楼区 350103台江区 350104仓山区') },
  { province: '福建省', city: '厦门市', weight: 5, warehouse: 'WH-GZ', districts: d('350203思明区 350206湖里区') },
  { province: '江西省', city: '南昌市', weight: 6, warehouse: 'WH-WH', districts: d('360102东湖区 360103西湖区 360111青山湖区') },
  { province: '云南省', city: '昆明市', weight: 8, warehouse: 'WH-CD', districts: d('530102五华区 530103盘龙区 530111官渡区') },
  { province: '广西壮族自治区', city: '南宁市', weight: 8, warehouse: 'WH-GZ', districts: d('450102兴宁区 450103青秀区 450107西乡塘区') },
  { province: '贵州省', city: '贵阳市', weight: 6, warehouse: 'WH-CD', districts: d('520102南明区 520103云岩区') },
  { province: '甘肃省', city: '兰州市', weight: 4, warehouse: 'WH-XA', districts: d('620102城关区 620103七里河区') },
];

export const cityTable = new Weighted(CITIES.map((c, i) => [i, c.weight] as const));

/** The city at an index of CITIES (the index is always in range by construction). */
export function cityAt(index: number): City {
  const c = CITIES[index];
  if (c === undefined) throw new Error(`no city ${index}`);
  return c;
}

export const STREETS = (
  '人民路 解放路 中山路 建设路 和平路 新华路 长江路 黄河路 文化路 学府路 朝阳路 光明路 青年路 胜利路 ' +
  '复兴路 科技路 创业路 滨江路 湖滨路 花园路 育才路 振兴路 迎宾路 东风路 工业路'
).split(' ');
export const COMMUNITIES = (
  '阳光花园 幸福里 锦绣华庭 翠湖苑 金色家园 世纪新城 东方名苑 滨江花园 和谐家园 春天里 绿洲小区 紫荆苑 ' +
  '书香门第 观澜苑 御景湾'
).split(' ');

export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'gbk';

export interface Store {
  code: string;
  name: string;
  cityIndex: number;
  district: string;
  /** How this store's POS exports its daily files (older tills export GBK). */
  encoding: FileEncoding;
  /** Relative footfall. */
  size: number;
}

// [city, store-code prefix, count]: 20 stores in the chain's 10 core cities.
const STORE_PLAN: readonly (readonly [string, string, number])[] = [
  ['上海市', 'SH', 4],
  ['北京市', 'BJ', 3],
  ['广州市', 'GZ', 2],
  ['深圳市', 'SZ', 2],
  ['杭州市', 'HZ', 2],
  ['成都市', 'CD', 2],
  ['南京市', 'NJ', 2],
  ['武汉市', 'WH', 1],
  ['苏州市', 'SU', 1],
  ['重庆市', 'CQ', 1],
];

function buildStores(): Store[] {
  const stores: Store[] = [];
  for (const [cityName, prefix, count] of STORE_PLAN) {
    const cityIndex = CITIES.findIndex((c) => c.city === cityName);
    const city = cityAt(cityIndex);
    for (let k = 0; k < count; k++) {
      const n = stores.length;
      const district = city.districts[(k * 2 + 1) % city.districts.length]?.[0] ?? '';
      const encoding: FileEncoding = n % 3 === 2 ? 'gbk' : n % 5 === 3 ? 'utf-8-bom' : 'utf-8';
      const size = 0.6 + ((n * 7) % 5) * 0.2;
      const name = `${city.city.replace(/市$/, '')}${district.replace(/(区|街道|镇)$/, '')}店`;
      stores.push({
        code: `${prefix}${String(k + 1).padStart(2, '0')}`,
        name,
        cityIndex,
        district,
        encoding,
        size,
      });
    }
  }
  return stores;
}

export const STORES: readonly Store[] = buildStores();

const storesByCity: number[][] = CITIES.map((_, c) =>
  STORES.flatMap((s, i) => (s.cityIndex === c ? [i] : [])),
);

/** Indices of the stores located in a city (empty when the chain has none there). */
export function storesInCity(cityIndex: number): readonly number[] {
  return storesByCity[cityIndex] ?? [];
}

export const WAREHOUSES: Readonly<Record<string, string>> = {
  'WH-SH': '上海嘉定仓',
  'WH-BJ': '北京大兴仓',
  'WH-GZ': '广州白云仓',
  'WH-CD': '成都双流仓',
  'WH-WH': '武汉东西湖仓',
  'WH-XA': '西安临潼仓',
  'WH-SY': '沈阳于洪仓',
};
