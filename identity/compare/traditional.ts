// Traditional -> simplified folding for the characters of names and addresses, so 張偉 and 张伟
// have one canonical form. pinyin-pro reads traditional characters but has no conversion table,
// and a full OpenCC table is megabytes; these ~500 cover the common surnames, given-name
// characters and address words. A character not listed is kept as it is: its pinyin still
// matches, so a miss costs one level (same_sound instead of exact), never a match.

// Pairs 'traditional simplified'.
// prettier-ignore
const PAIRS: readonly string[] = [
  '張张 陳陈 劉刘 楊杨 黃黄 趙赵 吳吴 孫孙 馬马 鄭郑 羅罗 謝谢 許许 韓韩 馮冯 鄧邓 蕭萧 蔣蒋 葉叶 蘇苏 呂吕 盧卢 鍾钟 鐘钟',
  '譚谭 陸陆 賈贾 韋韦 鄒邹 閻阎 顧顾 龔龚 萬万 錢钱 嚴严 賀贺 龍龙 湯汤 鄔邬 聶聂 齊齐 魯鲁 鄺邝 歐欧 陽阳 諸诸 東东 長长',
  '軒轩 轅辕 獨独 宮宫 門门 臺台 離离 聞闻 樂乐 鮮鲜 於于 閭闾 顓颛 遲迟 溫温 關关 寧宁 紀纪 談谈 閔闵 費费 賴赖 喬乔 駱骆',
  '簡简 嶽岳 塗涂 倫伦 華华 樓楼 應应 項项 莊庄 龐庞 單单 祿禄 農农 蘭兰 藍蓝 滿满 鮑鲍 畢毕 闞阚 衛卫 勞劳 饒饶 黨党 歸归',
  '邊边 車车 練练 鞏巩 麥麦 廣广 區区 雲云 錦锦 鳳凤 偉伟 國国 傑杰 軍军 強强 濤涛 鵬鹏 輝辉 剛刚 麗丽 紅红 飛飞 聰聪 慶庆',
  '嬌娇 靜静 豔艳 艷艳 瑩莹 穎颖 潔洁 暉晖 歡欢 貴贵 寶宝 義义 禮礼 彥彦 維维 鋒锋 鐵铁 銀银 鈺钰 銘铭 錫锡 釗钊 鎮镇 鴻鸿',
  '鶴鹤 鷹鹰 鳴鸣 燦灿 煒炜 燁烨 爍烁 嵐岚 崗岗 嶺岭 濱滨 潤润 瀟潇 澤泽 濟济 漢汉 瑋玮 瓊琼 環环 瑤瑶 雙双 愛爱 憲宪 懷怀',
  '憶忆 愷恺 誠诚 詩诗 語语 諾诺 謙谦 譽誉 論论 讓让 豐丰 賢贤 資资 賓宾 贇赟 輪轮 達达 運运 連连 進进 遠远 邁迈 選选 遙遥',
  '鄉乡 開开 闊阔 際际 雋隽 電电 靈灵 韻韵 頌颂 順顺 頤颐 顏颜 風风 颯飒 飄飘 騰腾 驊骅 驍骁 體体 鷗鸥 點点 齡龄 學学 寬宽',
  '實实 將将 專专 對对 嶸嵘 彌弥 從从 復复 徵征 戰战 擁拥 數数 斕斓 書书 會会 楓枫 榮荣 樺桦 橋桥 機机 權权 歲岁 氣气 滄沧',
  '漁渔 濃浓 灣湾 煥焕 爾尔 獻献 現现 瑪玛 璽玺 產产 畫画 當当 發发 皚皑 碩硕 禎祯 禪禅 稱称 穩稳 競竞 筆笔 範范 築筑 紋纹',
  '純纯 紗纱 細细 紹绍 絢绚 絲丝 經经 綠绿 綺绮 綿绵 緣缘 縣县 總总 繼继 續续 習习 聖圣 聯联 聲声 聽听 肅肃 興兴 舉举 節节',
  '萊莱 蓮莲 蔭荫 藝艺 蘊蕴 號号 裝装 覺觉 觀观 訓训 記记 詠咏 誼谊 證证 識识 譯译 議议 護护 讚赞 貞贞 賜赐 賽赛 贊赞 躍跃',
  '輕轻 輔辅 週周 過过 適适 醫医 釋释 鈞钧 鋼钢 錄录 錚铮 鍵键 鏡镜 鑄铸 鑒鉴 閃闪 閣阁 闖闯 雛雏 難难 頂顶 須须 頓顿 頡颉',
  '顯显 餘余 館馆 騏骐 驗验 髮发 鬆松 鯉鲤 鴛鸳 鴦鸯 鵑鹃 鶯莺 龜龟 兒儿 億亿 儀仪 儉俭 優优 傳传 僑侨 凱凯 劍剑 勁劲 勝胜',
  '勳勋 勵励 協协 團团 園园 圓圆 圖图 堅坚 報报 場场 壯壮 壽寿 夢梦 奮奋 嫻娴 寵宠 導导 層层 岡冈 巒峦 帥帅 師师 帶带 廬庐',
  '彈弹 後后 恆恒 悅悦 懸悬 揚扬 擇择 攜携 敘叙 昇升 晉晋 曉晓 暢畅 曄晔 條条 棟栋 樹树 橫横 歷历 沖冲 涼凉 淵渊 湧涌 滬沪',
  '漣涟 潛潜 瀅滢 灝灏 烏乌 無无 煙烟 營营 燈灯 爭争 獎奖 璉琏 異异 眾众 積积 窮穷 竇窦 箏筝 結结 絕绝 統统 綜综 網网 緒绪',
  '緯纬 織织 繪绘 羨羡 脈脉 臨临 與与 蒼苍 蓋盖 蕓芸 薈荟 蘆芦 蟬蝉 補补 見见 規规 視视 親亲 訊讯 詞词 誌志 說说 調调 請请',
  '諧谐 謀谋 講讲 貝贝 財财 貫贯 貿贸 賞赏 質质 購购 趕赶 軟软 較较 載载 轉转 辦办 辭辞 迴回 遊游 遜逊 還还 鄰邻 鈴铃 鉅巨',
  '銓铨 銳锐 錡锜 鎧铠 鐸铎 閩闽 闡阐 陰阴 隨随 險险 靚靓 韜韬 響响 領领 頭头 顆颗 颱台 馳驰 駿骏 驕骄 鬥斗 魚鱼 鯤鲲 鳥鸟',
  '鷺鹭 齒齿 廳厅 線线 淺浅 廈厦 灘滩 廟庙',];

/** Traditional character -> its simplified form. */
export const TRADITIONAL_TO_SIMPLIFIED: ReadonlyMap<string, string> = new Map(
  PAIRS.flatMap((line) => line.split(' ')).map((pair) => [pair.charAt(0), pair.charAt(1)]),
);

/** Folds the traditional characters of the table to simplified; everything else is unchanged. */
export function toSimplified(text: string): string {
  let out = '';
  for (const ch of text) out += TRADITIONAL_TO_SIMPLIFIED.get(ch) ?? ch;
  return out;
}
