// Name material: the ~100 commonest surnames weighted by frequency (per-mille, 2020 census order), a
// few hundred given-name characters with their pinyin and gender lean, traditional forms, and the
// look-alike / sound-alike swaps that real data-entry errors produce. Pinyin is toneless; 吕 is 'lv'
// because that is how Chinese systems usually type ü.

import { Weighted } from './random.ts';

/** [surname, pinyin, weight]. */
// prettier-ignore
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 71], ['李', 'li', 70], ['张', 'zhang', 66], ['刘', 'liu', 54], ['陈', 'chen', 45],
  ['杨', 'yang', 31], ['黄', 'huang', 22], ['赵', 'zhao', 21], ['吴', 'wu', 20], ['周', 'zhou', 19],
  ['徐', 'xu', 15], ['孙', 'sun', 15], ['马', 'ma', 14], ['朱', 'zhu', 13], ['胡', 'hu', 13],
  ['郭', 'guo', 12], ['何', 'he', 12], ['高', 'gao', 11], ['林', 'lin', 11], ['罗', 'luo', 11],
  ['郑', 'zheng', 11], ['梁', 'liang', 10], ['谢', 'xie', 8], ['宋', 'song', 8], ['唐', 'tang', 8],
  ['许', 'xu', 7], ['韩', 'han', 7], ['冯', 'feng', 7], ['邓', 'deng', 7], ['曹', 'cao', 7],
  ['彭', 'peng', 6], ['曾', 'zeng', 6], ['肖', 'xiao', 6], ['田', 'tian', 6], ['董', 'dong', 5],
  ['袁', 'yuan', 5], ['潘', 'pan', 5], ['于', 'yu', 5], ['蒋', 'jiang', 5], ['蔡', 'cai', 5],
  ['余', 'yu', 5], ['杜', 'du', 5], ['叶', 'ye', 5], ['程', 'cheng', 5], ['苏', 'su', 4],
  ['魏', 'wei', 4], ['吕', 'lv', 4], ['丁', 'ding', 4], ['任', 'ren', 4], ['沈', 'shen', 4],
  ['姚', 'yao', 4], ['卢', 'lu', 4], ['姜', 'jiang', 4], ['崔', 'cui', 3], ['钟', 'zhong', 3],
  ['谭', 'tan', 3], ['陆', 'lu', 3], ['汪', 'wang', 3], ['范', 'fan', 3], ['金', 'jin', 3],
  ['石', 'shi', 3], ['廖', 'liao', 3], ['贾', 'jia', 3], ['夏', 'xia', 3], ['韦', 'wei', 3],
  ['付', 'fu', 3], ['方', 'fang', 3], ['白', 'bai', 3], ['邹', 'zou', 3], ['孟', 'meng', 3],
  ['熊', 'xiong', 3], ['秦', 'qin', 3], ['邱', 'qiu', 3], ['江', 'jiang', 3], ['尹', 'yin', 3],
  ['薛', 'xue', 2], ['闫', 'yan', 2], ['段', 'duan', 2], ['雷', 'lei', 2], ['侯', 'hou', 2],
  ['龙', 'long', 2], ['史', 'shi', 2], ['陶', 'tao', 2], ['黎', 'li', 2], ['贺', 'he', 2],
  ['顾', 'gu', 2], ['毛', 'mao', 2], ['郝', 'hao', 2], ['龚', 'gong', 2], ['邵', 'shao', 2],
  ['万', 'wan', 2], ['钱', 'qian', 2], ['严', 'yan', 2], ['覃', 'qin', 2], ['武', 'wu', 2],
  ['戴', 'dai', 2], ['莫', 'mo', 2], ['孔', 'kong', 2], ['向', 'xiang', 2], ['汤', 'tang', 2],
  ['欧阳', 'ouyang', 0.3], ['司马', 'sima', 0.1], ['诸葛', 'zhuge', 0.05], ['上官', 'shangguan', 0.05],
];

// Given-name characters: m leans male, f leans female, n is used for both.
const GIVEN_M =
  '伟wei 强qiang 磊lei 军jun 洋yang 勇yong 杰jie 涛tao 明ming 超chao 刚gang 辉hui 建jian 鹏peng 飞fei ' +
  '宇yu 浩hao 斌bin 波bo 海hai 峰feng 亮liang 坤kun 龙long 国guo 志zhi 庆qing 东dong 成cheng 凯kai ' +
  '鸿hong 博bo 睿rui 泽ze 宸chen 铭ming 昊hao 瑞rui 哲zhe 航hang 翔xiang 彬bin 健jian 立li 永yong ' +
  '德de 福fu 贵gui 生sheng 山shan 仁ren 义yi 忠zhong 信xin 智zhi 毅yi 峻jun 旭xu 晖hui 骏jun 锋feng ' +
  '振zhen 家jia 伦lun 远yuan 兵bing 良liang 元yuan 全quan 胜sheng 学xue 祥xiang 才cai 发fa 武wu 彦yan ' +
  '敬jing 煜yu 皓hao 卓zhuo 俊jun 轩xuan 天tian 阳yang 逸yi 辰chen 帆fan 凡fan 达da 宏hong 鑫xin ' +
  '奕yi 烨ye 鹤he 玮wei 新xin 金jin 荣rong 松song 柏bai 程cheng 景jing 杭hang 斐fei 铮zheng 晟sheng';
const GIVEN_F =
  '芳fang 娜na 敏min 静jing 丽li 艳yan 娟juan 秀xiu 霞xia 桂gui 英ying 玉yu 萍ping 红hong 欣xin ' +
  '婷ting 雪xue 琳lin 怡yi 萱xuan 慧hui 颖ying 倩qian 婧jing 瑶yao 璐lu 琪qi 晶jing 蕾lei 悦yue ' +
  '诗shi 梦meng 欢huan 梅mei 兰lan 云yun 燕yan 凤feng 丹dan 玲ling 薇wei 莉li 婉wan 妍yan 馨xin ' +
  '诺nuo 依yi 若ruo 彤tong 昕xin 璇xuan 琦qi 珊shan 淑shu 珍zhen 琴qin 素su 芬fen 翠cui 娥e ' +
  '月yue 紫zi 晴qing 雅ya 蓉rong 芸yun 菲fei 露lu 颜yan 美mei 琼qiong 洁jie 莹ying 岚lan 桐tong ' +
  '笑xiao 媛yuan 歆xin 语yu 钰yu 潇xiao 筱xiao 韵yun 舒shu 曼man 菁jing 妮ni 茜qian 香xiang 珠zhu ' +
  '瑾jin 心xin 可ke 念nian';
const GIVEN_N =
  '华hua 平ping 子zi 梓zi 文wen 晨chen 涵han 楠nan 林lin 青qing 乐le 锦jin 墨mo 一yi 安an 然ran ' +
  '嘉jia 佳jia 思si 雨yu 宁ning 春chun 秋qiu 冬dong 晓xiao 书shu 沐mu 霖lin 小xiao 亦yi 星xing 朝zhao';

function parseChars(list: string): [string, string][] {
  return list.split(' ').map((t) => [t.slice(0, 1), t.slice(1)] as [string, string]);
}

const PINYIN = new Map<string, string>();
for (const [c, p] of SURNAMES) PINYIN.set(c, p);
for (const [c, p] of [...parseChars(GIVEN_M), ...parseChars(GIVEN_F), ...parseChars(GIVEN_N)])
  PINYIN.set(c, p);

export const surnameTable = new Weighted(SURNAMES.map(([c, , w]) => [c, w] as const));
export const maleGivenChars = [...parseChars(GIVEN_M), ...parseChars(GIVEN_N)].map((e) => e[0]);
export const femaleGivenChars = [...parseChars(GIVEN_F), ...parseChars(GIVEN_N)].map((e) => e[0]);

/** Toneless pinyin of each character (a surname like 欧阳 counts as one unit). */
export function pinyinOf(text: string): string {
  const whole = PINYIN.get(text);
  if (whole !== undefined) return whole;
  let out = '';
  for (const ch of text) out += PINYIN.get(ch) ?? ch;
  return out;
}

/** Pinyin syllables of a given name, one per character. */
export function givenSyllables(given: string): string[] {
  return [...given].map((ch) => PINYIN.get(ch) ?? ch);
}

/** Traditional forms for the simplified characters used here (those without one are unchanged). */
export const TRADITIONAL: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ...'陈陳 刘劉 张張 杨楊 黄黃 赵趙 吴吳 孙孫 郑鄭 马馬 罗羅 谢謝 许許 韩韓 冯馮 邓鄧 叶葉 苏蘇 卢盧 钟鍾'.split(
      ' ',
    ),
    ...'谭譚 陆陸 龙龍 贺賀 顾顧 龚龔 钱錢 严嚴 汤湯 萧蕭 伟偉 强強 军軍 杰傑 涛濤 刚剛 辉輝 鹏鵬 飞飛'.split(
      ' ',
    ),
    ...'国國 庆慶 东東 凯凱 鸿鴻 铭銘 义義 晖暉 骏駿 锋鋒 伦倫 远遠 胜勝 学學 发發 丽麗 艳艷 红紅 颖穎'.split(
      ' ',
    ),
    ...'瑶瑤 诗詩 梦夢 欢歡 兰蘭 云雲 凤鳳 晓曉 诺諾 钰鈺 潇瀟 韵韻 书書 语語 乐樂 锦錦 荣榮 贵貴 宁寧'.split(
      ' ',
    ),
    ...'华華 静靜 琼瓊 洁潔 莹瑩 岚嵐 阳陽 达達 烨燁 鹤鶴 玮瑋 邹鄒 闫閆'.split(' '),
  ]
    .filter((pair) => pair[0] !== pair[1])
    .map((pair) => [pair[0] as string, pair[1] as string]),
);

/** Characters commonly typed in place of another (same sound, similar shape, dialect confusion). */
// prettier-ignore
export const LOOKALIKES: Readonly<Record<string, readonly string[]>> = {
  王: ['汪', '黄'], 汪: ['王'], 张: ['章', '彰'], 李: ['理', '里', '黎'], 陈: ['程', '成'], 程: ['陈', '成'],
  林: ['琳', '霖'], 杨: ['扬', '阳'], 刘: ['柳', '留'], 徐: ['许', '余'], 许: ['徐'], 吴: ['伍', '武'],
  周: ['舟', '邹'], 胡: ['湖'], 郭: ['国'], 何: ['河', '贺'], 高: ['郜'], 罗: ['洛', '骆'], 郑: ['正'],
  梁: ['良'], 赵: ['照'], 马: ['玛'], 谢: ['解'], 黄: ['王', '皇'], 孙: ['荪'], 朱: ['诸'], 沈: ['审'],
  伟: ['玮', '炜', '纬'], 芳: ['方'], 娜: ['那', '纳'], 敏: ['民', '闵'], 静: ['婧', '晶', '靖'],
  丽: ['莉', '俐'], 强: ['蔷'], 磊: ['垒', '蕾'], 军: ['君', '俊'], 洋: ['阳', '扬'], 勇: ['永', '涌'],
  艳: ['燕', '彦'], 杰: ['洁', '捷'], 娟: ['鹃', '涓'], 涛: ['滔', '韬'], 明: ['铭', '鸣'], 超: ['朝'],
  秀: ['绣'], 霞: ['侠'], 平: ['萍', '苹'], 刚: ['钢', '岗'], 华: ['桦', '骅'], 玉: ['钰', '昱'],
  红: ['虹', '鸿'], 鹏: ['朋', '彭'], 辉: ['晖', '慧'], 建: ['健', '剑'], 飞: ['菲', '非'],
  宇: ['雨', '语', '羽'], 浩: ['皓', '昊'], 欣: ['馨', '鑫', '新'], 婷: ['亭', '庭'], 雪: ['薛'],
  晨: ['辰', '宸'], 涵: ['含', '晗'], 轩: ['萱', '宣'], 怡: ['宜', '仪'], 佳: ['嘉', '家'], 睿: ['锐', '瑞'],
  博: ['波', '柏'], 文: ['雯', '闻'], 思: ['斯'], 慧: ['惠', '蕙'], 颖: ['莹', '影'], 琳: ['林', '玲'],
  玲: ['琳', '铃'], 瑶: ['遥'], 琪: ['琦', '祺'], 梦: ['孟'], 晓: ['小', '筱'], 薇: ['微'], 莉: ['丽'],
  彤: ['桐'], 泽: ['则'], 铭: ['明'], 翔: ['祥'], 斌: ['彬', '滨'], 峰: ['锋', '枫'], 亮: ['良'],
  志: ['智', '治'], 东: ['冬', '栋'], 凯: ['恺', '楷'], 鸿: ['宏', '红'], 俊: ['骏', '峻'], 子: ['紫', '梓'],
  雨: ['宇', '语'], 燕: ['艳', '雁'], 云: ['芸', '韵'], 兰: ['岚', '蓝'], 梅: ['玫'], 英: ['瑛'],
};

export const ENGLISH_MALE = (
  'James John David Michael Kevin Jason Eric Tony Peter Jack Leo Alex Frank Steven Andy Vincent Henry ' +
  'Ryan Daniel William Tom Sam Jerry Allen Ben Chris Mark Paul Simon Oscar'
).split(' ');
export const ENGLISH_FEMALE = (
  'Amy Lily Grace Linda Cindy Vivian Emma Sophia Alice Cathy Helen Judy Sunny Coco Tina Nancy Lucy ' +
  'Rose Iris Jenny Sarah Anna Emily Crystal Echo Fiona Joyce Kelly Wendy Yvonne'
).split(' ');
export const FOREIGN_SURNAMES = (
  'Smith Johnson Brown Miller Wilson Taylor Anderson Thomas Moore Martin Walker Hall Young King Wright ' +
  'Scott Green Baker Adams Schmidt Dubois Rossi Kim Park Tanaka Sato Nguyen Garcia Lopez Novak'
).split(' ');

const NICK_ADJ = ['快乐的', '安静的', '爱笑的', '可爱的', '温柔的', '懒懒的', '甜甜的', '胖胖的', '小', '阿'];
const NICK_NOUN = [
  '小猪',
  '猫咪',
  '兔子',
  '小鱼',
  '星星',
  '月亮',
  '西瓜',
  '柠檬',
  '奶茶',
  '小熊',
  '考拉',
  '橘子',
  '饭团',
  '布丁',
];
const NICK_EMOJI = ['🌸', '🍀', '🐱', '⭐', '🌙', '🍓'];
export const NICK_PARTS = { adjectives: NICK_ADJ, nouns: NICK_NOUN, emoji: NICK_EMOJI };
