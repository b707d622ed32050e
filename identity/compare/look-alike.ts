// Characters that are told apart by one stroke, so a typist or an OCR pass swaps them: 王小明
// entered as 玉小明. The pinyin of such a pair is unrelated (wang / yu), so without this list the
// slip would look like a different name. Simplified forms: names are folded before comparison.

// prettier-ignore
const GROUPS: readonly string[] = [
  '王玉主', '己已巳', '未末', '土士', '日曰', '人入八', '大太犬', '天夭', '刀力', '戊戌戍', '千干于', '午牛',
  '由甲申田', '白自', '目且', '贝见', '鸟乌', '折拆析', '候侯', '佳住', '免兔', '崇祟', '茶荼', '冶治', '幻幼',
  '兵乒', '即既', '刺剌', '拨拔', '季李', '余佘', '廷延', '秦泰奏', '汪注', '晴睛', '祝祀', '扬场', '竟竞',
  '辩辨辫', '侍待', '徒徙', '衰哀衷', '准淮', '今令', '休体', '壮状', '洁浩',
];

const PAIRS: ReadonlySet<string> = new Set(
  GROUPS.flatMap((group) => {
    const chars = [...group];
    return chars.flatMap((a) => chars.filter((b) => b !== a).map((b) => a + b));
  }),
);

/** Whether two different Han characters are a known look-alike pair (王/玉, 己/已). */
export function isLookAlike(a: string, b: string): boolean {
  return PAIRS.has(a + b);
}
