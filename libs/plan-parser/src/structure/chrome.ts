// Recognisers for lines that are not part of the plan: page markers, web-page chrome, official
// document footers (版记). Each test looks at one tidied line and is bounded in cost.
import { columnKind } from './tables';

const PAGE_MARKERS: RegExp[] = [
  /^[—–\-－─―~～·•]{1,3} ?\d{1,4} ?[—–\-－─―~～·•]{1,3}$/,
  /^第 ?\d{1,4} ?页(?:[ ,，/、]{0,3}共 ?\d{1,4} ?页)?$/,
  /^共 ?\d{1,4} ?页[ ,，/、]{0,3}第 ?\d{1,4} ?页$/,
  /^page \d{1,4}(?: of \d{1,4})?$/i,
];

/** `— 3 —`, `- 3 -`, `第3页 共10页`, `Page 3 of 10`. */
const PAGE_FIRST = new Set([...'—–-－─―~～·•第共Pp']);

export function isPageMarker(s: string): boolean {
  if (s.length > 24 || !PAGE_FIRST.has(s[0] as string)) return false;
  return PAGE_MARKERS.some((re) => re.test(s));
}

const CHROME_ANYWHERE =
  /网站标识码|ICP ?备|ICP ?证|公网安备|版权所有|Copyright|©|技术支持[：:]|主办单位[：:]|承办单位[：:]|网站地图|设为首页|加入收藏|打印本页|关闭窗口|【 ?打印 ?】|【 ?关闭 ?】|字体[：:]? ?【? ?大|字号[：:] ?【? ?大|分享到|扫一扫|浏览次数|阅读次数|访问次数|点击数[：:]|点击量[：:]|责任编辑[：:]|当前位置[：:]|您现在的位置|您的位置[：:]|上一篇[：:]|下一篇[：:]|返回顶部|返回首页|索引号[：:]|主题分类[：:]|信息分类[：:]|公开方式[：:]|无障碍浏览|长者模式/i;
const CHROME_START = /^(?:发布时间|发布日期|更新时间|信息来源|来源|作者|编辑|访问量|打印|关闭)[：:]/;

const NAV_WORDS = new Set([
  '首页',
  '网站首页',
  '返回',
  '打印',
  '关闭',
  '收藏',
  '分享',
  '搜索',
  '登录',
  '注册',
  '上一页',
  '下一页',
  'English',
  '繁體',
  '繁体',
  '简体',
  '政务公开',
  '信息公开',
  '新闻中心',
  '新闻动态',
  '通知公告',
  '机构概况',
  '机构职能',
  '领导信息',
  '办事服务',
  '在线办事',
  '互动交流',
  '政民互动',
  '政策法规',
  '政策解读',
  '工作动态',
  '教育动态',
  '专题专栏',
  '联系我们',
  '网站导航',
  '走进教育',
  '公示公告',
  '图片新闻',
  '视频新闻',
  '规划计划',
  '计划总结',
  '相关链接',
  '友情链接',
  '相关文章',
  '相关阅读',
  '【打印】',
  '【关闭】',
  '【返回】',
  '[打印]',
  '[关闭]',
]);

const SENTENCE_PUNCT = /[。，；！？]/;
const MAYBE_SEPARATED = /[>＞»›|｜ ·•]/;

/**
 * A `|` line that is a table's (header, number, group or empty cell), not a navigation bar: a
 * navigation bar has no empty inner cell, no figures and no column names.
 */
function isTableBar(bars: string[]): boolean {
  let named = 0;
  for (let i = 0; i < bars.length; i++) {
    const t = (bars[i] as string).trim();
    if (t.length === 0 && i > 0 && i < bars.length - 1) return true;
    if (/\d/.test(t)) return true;
    if (columnKind(t) !== null || /^(?:指标|单位|属性|指标名称)$/.test(t)) named++;
  }
  return named >= 2;
}

/** Navigation, breadcrumbs, site footers, article metadata of a government web page. */
export function isWebChrome(s: string): boolean {
  if (s.length === 0 || s.length > 120) return false;
  if (NAV_WORDS.has(s)) return true;
  if (CHROME_START.test(s)) return true;
  if (CHROME_ANYWHERE.test(s)) return true;
  if (SENTENCE_PUNCT.test(s)) return false;
  if (!MAYBE_SEPARATED.test(s)) return false;
  // breadcrumbs: 首页 > 通知公告 > 正文
  const crumbs = s.split(/[>＞»›]/);
  if (crumbs.length >= 2) {
    const first = (crumbs[0] as string).trim();
    const short = crumbs.every((t) => t.trim().length <= 16);
    if (short && (crumbs.length >= 3 || /首页|当前位置|位置[：:]/.test(first))) return true;
  }
  // navigation bars: 首页 | 政务公开 | 通知公告 …, or a run of known navigation words
  const bars = s.split(/[|｜]/);
  if (bars.length >= 3 && bars.every((t) => t.trim().length <= 10) && !isTableBar(bars)) return true;
  const words = s.split(/[ |｜·•]+/).filter((t) => t.length > 0);
  if (words.length >= 3) {
    let known = 0;
    for (const w of words) if (NAV_WORDS.has(w)) known++;
    if (known * 2 >= words.length) return true;
  }
  return false;
}

/** 抄送：… / 抄报：… — the official document's distribution note; the rest of the file is footer. */
export function isDistributionLine(s: string): boolean {
  return /^(?:抄送|抄报)\s?[：:]/.test(s);
}

const DATE = '(?:\\d{4}|[〇零一二三四五六七八九]{4}) ?年 ?[\\d一二三四五六七八九十]{1,3} ?月 ?[\\d一二三四五六七八九十]{1,3} ?日';
const ISSUED = new RegExp(`^.{0,40}${DATE} ?印发$`);
const DATE_LINE = new RegExp(`^${DATE}$`);

/** `东丽区教育局办公室 2021年3月1日印发`, `（此件公开发布）`, rule lines. */
const FOOTER_FIRST = new Set([...'（(─━—-_=＿~～']);

export function isFooterLine(s: string): boolean {
  if (s.length > 60) return false;
  if (!s.endsWith('印发') && !FOOTER_FIRST.has(s[0] as string)) return false;
  if (ISSUED.test(s)) return true;
  if (/^.{0,30}(?:办公室|秘书科|办公厅)\s?印发$/.test(s)) return true;
  if (/^[（(]此件.{0,12}[)）]$/.test(s)) return true;
  if (/^[─━—\-_=＿~～]{4,}$/.test(s)) return true;
  return false;
}

/** A signature date alone on a line: 2021年3月1日 / 二〇二一年三月一日. */
export function isDateLine(s: string): boolean {
  return s.length <= 20 && DATE_LINE.test(s);
}

/** The issuing organ alone on a line, as in a signature block. */
export function isIssuerLine(s: string): boolean {
  return s.length <= 30 && !/[。，；：！？、,;:]/.test(s) && /(?:局|委员会|教委|教育委|办公室|人民政府|政府|中心|厅)$/.test(s);
}
