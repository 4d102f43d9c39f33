import type { Recurrence, RecurrenceEvery } from '../types';
import { normalize, original } from './normalize';

// Applied to the normalised text (no whitespace). Longer matches win over shorter ones.
// Numerals that make a phrase a point in time or a multi-year span (第三季度, 三年) are excluded.
const NUMERAL = '\\d〇零一二三四五六七八九十两几';
// Each rule: the regex, its cadence, and substrings one of which every match contains (a cheap
// pre-check: most points name no cadence, and a regex that fails still reads the whole text).
const RULES: Array<[RegExp, RecurrenceEvery, string[]]> = [
  // week: 每周, 每星期, 每一周, 每两周 / 每双周 / 每半月 (closest enum value), 按周, 逐周, 周报
  [/每(?:一|个|两|双)?(?:周|星期|礼拜)(?![年岁])|每半个?月|(?:按|逐)周(?![年岁])/g, 'week', ['每', '按周', '逐周']],
  [new RegExp(`(?<![${NUMERAL}第每])周报(?!名)`, 'g'), 'week', ['周报']],
  // month: 每月, 每个月, 每两个月, 按月, 逐月, 月度, 月报
  [/每(?:一|个|一个|两个?)?月(?:度)?|(?:按|逐)月|一月一次/g, 'month', ['每', '按月', '逐月', '一月一次']],
  [new RegExp(`(?<![${NUMERAL}第每本上下该当])月度(?![${NUMERAL}])`, 'g'), 'month', ['月度']],
  [new RegExp(`(?<![${NUMERAL}第每])月报(?!名)`, 'g'), 'month', ['月报']],
  // quarter: 每季度, 每季, 按季度, 逐季, bare 季度 (季度考核) — but not 第三季度 / 本季度
  [/每(?:一|个)?季度?|(?:按|逐)季度?|一季一次/g, 'quarter', ['每', '按季', '逐季', '一季一次']],
  [new RegExp(`(?<![${NUMERAL}第每按逐前本上下该当个])季度(?![末底初前])`, 'g'), 'quarter', ['季度']],
  [new RegExp(`(?<![${NUMERAL}第每])季报(?!名)`, 'g'), 'quarter', ['季报']],
  // semester: 每学期, 每个学期, 按学期, 每半年 (closest enum value), 学期初 / 学期末 (not 本学期末)
  [/每(?:一|个)?学期|(?:按|逐)学期|每半年|一学期一次/g, 'semester', ['每', '按学期', '逐学期', '一学期一次']],
  [new RegExp(`(?<![${NUMERAL}第每按逐本上下新该这当春秋季个])学期(?:初|末)`, 'g'), 'semester', ['学期']],
  // year: 每年, 每学年, 每年度, 按年度, 一年一度 / 一年一次, 年度考核 and similar compounds
  [
    /每(?:一|个)?(?:学年度?|年度?)(?![级龄])|(?:按|逐)(?:学年|年度)|一年一[度次]/g,
    'year',
    ['每', '按学年', '按年度', '逐学年', '逐年度', '一年一'],
  ],
  [
    new RegExp(
      `(?<![${NUMERAL}第每按逐本上下该当今明去前学跨分])年度(?=考核|考评|评估|评价|报告|总结|检查|述职|评议|督导|监测|体检|审计|年检|报送|自查)`,
      'g',
    ),
    'year',
    ['年度'],
  ],
];

// every needle above contains one of these
const ANY_NEEDLE = /每|按|逐|周报|月度|月报|季度|季报|学期|一月一次|一季一次|一年一|年度/;

interface Hit {
  start: number;
  end: number;
  every: RecurrenceEvery;
}

/** Cadences such as 每月, 每季度, 每学期. */
export function extractRecurrence(text: string): Recurrence[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const norm = normalize(text);
  const s = norm.s;
  if (!ANY_NEEDLE.test(s)) return [];
  const hits: Hit[] = [];
  for (const [re, every, needs] of RULES) {
    if (!needs.some((w) => s.includes(w))) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      hits.push({ start: m.index, end: m.index + m[0].length, every });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Recurrence[] = [];
  const seen = new Set<string>();
  let lastEnd = -1;
  for (const h of hits) {
    if (h.start < lastEnd) continue;
    lastEnd = h.end;
    const phrase = original(norm, h.start, h.end);
    const key = `${h.every}\u0000${phrase}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ every: h.every, phrase });
  }
  return out;
}
