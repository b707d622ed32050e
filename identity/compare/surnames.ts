// What is known about Chinese family names, for splitting a name into family and given parts.
// identity/ may not import connectors/, so the compound-surname list is kept here as well (the
// simplified half of connectors' list: names are folded to simplified before they get here).

import { surnamePinyin } from './pinyin-cache.ts';

// Without them 欧阳娜娜 would split as 欧 + 阳娜娜. 单于 is left out: 单 is a common surname on
// its own and 于 a common first given character. 拓拔 is a common misspelling of 拓跋.
// prettier-ignore
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '端木', '独孤', '南宫', '西门', '澹台', '公冶', '宗政', '濮阳', '淳于', '太叔', '申屠', '钟离', '闻人',
  '赫连', '百里', '东郭', '呼延', '万俟', '拓跋', '拓拔', '左丘', '司空', '司寇', '颛孙', '巫马', '公西', '漆雕',
  '乐正', '公良', '梁丘', '公羊', '微生', '羊舌', '鲜于', '闾丘', '段干', '第五',
]);

// The most common single surnames, most frequent first (order of the national household
// register's ranking); a latin name's surname is told from its given name by this rank.
const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任' +
  '卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔' +
  '向常汤康易乔赖文施洪辛柯庄樊牛欧兰安齐殷葛温季阎';

// Cantonese, Hokkien, Wade-Giles and other spellings of surnames (Hong Kong, Taiwan, Singapore,
// the diaspora) that are not themselves the pinyin of a common surname: 'David Wong' is 王.
// Ambiguous spellings are left out: 'Tan' is 谭 in pinyin and 陈 in Hokkien, 'Chang' 常 or 张.
// prettier-ignore
const ROMANISED: ReadonlyMap<string, string> = new Map([
  ['wong', 'wang'], ['chan', 'chen'], ['lee', 'li'], ['cheung', 'zhang'], ['leung', 'liang'], ['lau', 'liu'],
  ['ng', 'wu'], ['ho', 'he'], ['lam', 'lin'], ['tsang', 'zeng'], ['chow', 'zhou'], ['kwok', 'guo'],
  ['hsu', 'xu'], ['tsai', 'cai'], ['chiang', 'jiang'], ['kuo', 'guo'], ['yeung', 'yang'], ['yip', 'ye'],
  ['tse', 'xie'], ['hsieh', 'xie'], ['lim', 'lin'], ['goh', 'wu'], ['teo', 'zhang'], ['ong', 'wang'],
  ['koh', 'xu'], ['chua', 'cai'], ['tseng', 'zeng'], ['hung', 'hong'], ['yuen', 'yuan'], ['mak', 'mai'],
  ['fung', 'feng'], ['choi', 'cai'], ['chiu', 'zhao'], ['siu', 'xiao'], ['szeto', 'situ'], ['kwan', 'guan'],
  ['auyeung', 'ouyang'], ['au', 'ou'], ['poon', 'pan'], ['yau', 'qiu'], ['lyu', 'lv'],
]);

const RANK: ReadonlyMap<string, number> = (() => {
  const rank = new Map<string, number>();
  for (const ch of COMMON_SURNAMES) {
    const reading = surnamePinyin(ch).join('');
    if (!rank.has(reading)) rank.set(reading, rank.size);
  }
  for (const compound of COMPOUND_SURNAMES) {
    const reading = surnamePinyin(compound).join('');
    if (!rank.has(reading)) rank.set(reading, rank.size);
  }
  return rank;
})();

/** How many leading characters of an all-Han name are its family name: 2 for 欧阳娜娜, else 1. */
export function hanFamilyLength(chars: readonly string[]): number {
  if (chars.length >= 3 && COMPOUND_SURNAMES.has(`${chars[0]}${chars[1]}`)) return 2;
  return 1;
}

/** The pinyin a romanised surname stands for ('wong' -> 'wang'); other words unchanged. */
export function romanisedSurname(word: string): string {
  return ROMANISED.get(word) ?? word;
}

/** Frequency rank of a lower-case latin word as a Chinese surname (0 = 王), or Infinity. */
export function surnameRank(word: string): number {
  return RANK.get(romanisedSurname(word)) ?? Infinity;
}
