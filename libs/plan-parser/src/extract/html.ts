// HTML → text of the main content: charset from BOM / <meta> / detection, page chrome removed
// (navigation, breadcrumbs, headers, footers, share bars, copyright), the main content picked
// (<article>, #content, .TRS_Editor, #zoom … or the element holding most of the Chinese text),
// block elements and <br> as line breaks, one table row per line (cells split by ` | `).
import type { ExtractedText } from '../types';
import { type Decoded, isPlausibleText, normalizeNewlines } from './txt';
import { elementChildren, parseTree, textContent, type XElement, type XNode } from './tree';

// ---- charset ----

const GB_LABELS = /^(gb2312|gbk|x-gbk|gb_2312-80|gb_2312|cp936|ms936|windows-936|euc-cn|csgb2312|chinese|iso-ir-58|gb18030)$/i;

/** The charset a page declares in its first 4 KB (<meta charset> or http-equiv content-type). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)/i.exec(head);
  return m?.[1].toLowerCase();
}

/** BOM first (already in `detected`), then the declared charset if the bytes agree, then detection. */
export function decodeHtml(bytes: Uint8Array, detected: Decoded | undefined): Decoded | undefined {
  if (detected && detected.encoding !== 'utf-8' && detected.encoding !== 'gb18030') return detected; // had a BOM
  const declared = declaredCharset(bytes);
  if (declared) {
    let label = GB_LABELS.test(declared) ? 'gb18030' : declared;
    if (/^utf-?16/.test(label)) label = 'utf-8'; // a UTF-16 page without BOM cannot declare itself in ASCII
    if (/^utf-?8$/.test(label)) label = 'utf-8';
    try {
      const decoder = new TextDecoder(label, { fatal: true });
      const text = decoder.decode(bytes);
      if (isPlausibleText(text)) return { text, encoding: decoder.encoding };
    } catch {
      // unknown label, or the page lies about its charset: fall back to detection
    }
  }
  if (detected) return detected;
  // markup whose text is in no single valid encoding: salvage what GB18030 can read
  const text = new TextDecoder('gb18030').decode(bytes);
  return isPlausibleText(text) ? { text, encoding: 'gb18030' } : undefined;
}

// ---- chrome and content ----

const DROP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'svg',
  'canvas',
  'head',
  'title',
  'meta',
  'link',
  'select',
  'option',
  'button',
  'input',
  'textarea',
  'map',
  'audio',
  'video',
  'nav',
  'aside',
  'footer',
  'menu',
  'dialog',
]);

/** class/id words that mean page furniture: matched as whole tokens between - and _ */
const CHROME_WORD =
  /(^|[-_])(nav|navs|navi|navigation|menu|menus|mainmenu|foot|ft|footer|header|hd|top|topbar|toolbar|tools|side|sidebar|banner|location|position|dqwz|weizhi|crumb|crumbs|breadcrumb|breadcrumbs|share|copyright|friendlink|links|related|xgxx|xgwz|search|login|bottom|print|fontsize)([-_]?\d*)($|[-_])/i;
/** …and substrings that are furniture wherever they appear */
const CHROME_SUBSTR = /breadcrumb|copyright|bdshare|sharebox|share-box|navbar|sidebar|friendlink|footer/i;

const CONTENT_TOKEN =
  /^(content|contents|con|main-?content|article|article-?content|articlecontent|art_?con|text|zoom|detail|details|news_?content|newscontent|xl_?content|pages_?content|view|zw|zhengwen|wzy|trs_editor|custom_unionstyle|ucap-content|mainbody|main-body|body-text|bodytext|info_?content|txt)$/i;

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'ul',
  'ol',
  'section',
  'article',
  'main',
  'blockquote',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'dl',
  'dt',
  'dd',
  'center',
  'address',
  'figure',
  'figcaption',
  'hr',
  'form',
  'fieldset',
  'legend',
  'header',
  'details',
  'summary',
  'body',
  'html',
]);

/** Lines that are site furniture even when they sneak into the chosen content. */
const CHROME_LINE =
  /网站标识码|ICP备|ICP证|公网安备|版权所有|Copyright|©|^技术支持[:：]|^(主办|承办|主办单位|承办单位|维护单位)[:：]|网站地图|^(当前位置|您的位置|您现在的位置|所在位置)[:：]?|【?字[体号][:：]|^【?(打印|关闭|打印本页|关闭窗口|返回顶部)】?$|^分享到[:：]?|扫一扫|^(上一篇|下一篇)[:：]|^(浏览|访问)次数[:：]/i;

const tokensOf = (el: XElement): string[] => `${el.attrs.id ?? ''} ${el.attrs.class ?? ''}`.split(/\s+/).filter(Boolean);

const isChrome = (el: XElement): boolean =>
  tokensOf(el).some((t) => CHROME_WORD.test(t) || CHROME_SUBSTR.test(t)) ||
  el.attrs.role === 'navigation' ||
  el.attrs.role === 'banner' ||
  el.attrs.role === 'contentinfo';

const isContentCandidate = (el: XElement): boolean =>
  el.name === 'article' || el.name === 'main' || tokensOf(el).some((t) => CONTENT_TOKEN.test(t));

/** Chinese characters (CJK ideographs), or else non-space characters, in a string. */
function countWeight(text: string, chinese: boolean): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (chinese ? (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) : c > 0x20 && c !== 0xa0 && c !== 0x3000) n++;
  }
  return n;
}

/** Weight of each element's text outside links (post-order, iterative). */
function weigh(root: XElement, chinese: boolean): Map<XElement, number> {
  const weights = new Map<XElement, number>();
  const order: XElement[] = [];
  const stack: XElement[] = [root];
  while (stack.length) {
    const el = stack.pop() as XElement;
    order.push(el);
    for (const c of elementChildren(el)) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const el = order[i];
    let w = 0;
    if (el.name !== 'a') for (const c of el.children) w += typeof c === 'string' ? countWeight(c, chinese) : (weights.get(c) ?? 0);
    weights.set(el, w);
  }
  return weights;
}

function removeWhere(root: XElement, drop: (el: XElement) => boolean): void {
  const stack: XElement[] = [root];
  while (stack.length) {
    const el = stack.pop() as XElement;
    el.children = el.children.filter((c) => typeof c === 'string' || !drop(c));
    for (const c of elementChildren(el)) stack.push(c);
  }
}

function hasAncestor(el: XElement, names: string[]): boolean {
  for (let p = el.parent; p; p = p.parent) if (names.includes(p.name)) return true;
  return false;
}

function descendants(root: XElement): XElement[] {
  const out: XElement[] = [];
  const stack: XElement[] = [root];
  while (stack.length) {
    const el = stack.pop() as XElement;
    out.push(el);
    const kids = elementChildren(el);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out; // document order
}

function pickMain(root: XElement, chinese: boolean): XElement {
  const weights = weigh(root, chinese);
  const total = weights.get(root) ?? 0;
  if (total === 0) return root;
  const all = descendants(root);

  // 1. a recognised content container holding a good share of the text; the deepest one that
  //    still holds nearly as much as the best (wrappers named "content" are common)
  const candidates = all.filter((el) => isContentCandidate(el) && (weights.get(el) ?? 0) >= 0.3 * total);
  if (candidates.length) {
    let best = candidates.reduce((a, b) => ((weights.get(b) ?? 0) > (weights.get(a) ?? 0) ? b : a));
    const bestWeight = weights.get(best) ?? 0;
    for (const el of candidates) {
      if ((weights.get(el) ?? 0) < 0.8 * bestWeight) continue;
      let inside = false;
      for (let p = el.parent; p; p = p.parent) if (p === best) inside = true;
      if (inside) best = el;
    }
    return best;
  }
  // 2. otherwise descend while one child holds most of the text
  let current = root;
  for (;;) {
    const kids = elementChildren(current);
    const heaviest = kids.reduce<XElement | undefined>(
      (a, b) => (a === undefined || (weights.get(b) ?? 0) > (weights.get(a) ?? 0) ? b : a),
      undefined,
    );
    if (!heaviest || (weights.get(heaviest) ?? 0) < 0.7 * total) return current;
    current = heaviest;
  }
}

/** A page title shown just before the main content (h1/h2 or class/id "title"), if any. */
function titleBefore(root: XElement, main: XElement): string | undefined {
  let title: string | undefined;
  for (const el of descendants(root)) {
    if (el === main) break;
    const titled = el.name === 'h1' || el.name === 'h2' || tokensOf(el).some((t) => /(^|[-_])(title|biaoti|bt|tit)($|[-_])/i.test(t));
    if (!titled) continue;
    let inMain = false;
    for (let p: XElement | null = el; p; p = p.parent) if (p === main) inMain = true;
    if (inMain) continue;
    const text = textContent(el).replace(/\s+/g, ' ').trim();
    if (text.length >= 4 && text.length <= 120 && countWeight(text, true) >= 2) title = text;
  }
  return title;
}

/** Renders an element: blocks and <br> to newlines, table rows one per line, whitespace collapsed. */
function render(root: XElement): string {
  let out = '';
  type Step = { node: XNode; pre: boolean } | { close: string };
  const stack: Step[] = [{ node: root, pre: false }];
  while (stack.length) {
    const step = stack.pop() as Step;
    if ('close' in step) {
      out += '\n';
      continue;
    }
    const { node, pre } = step;
    if (typeof node === 'string') {
      out += pre ? node : node.replace(/[ \t\n\r\f\v]+/g, ' ');
      continue;
    }
    if (node.name === 'br') {
      out += '\n';
      continue;
    }
    if (node.name === 'tr') {
      const row = rowLine(node);
      if (row !== null) {
        out += `\n${row}\n`;
        continue;
      }
    }
    const block = BLOCK_TAGS.has(node.name);
    if (block) {
      out += '\n';
      stack.push({ close: node.name });
    }
    const inPre = pre || node.name === 'pre';
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], pre: inPre });
  }
  return out;
}

const MAX_ROW_CELL = 600;
const LINE_MARKER =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,3}[.、．]|第[一二三四五六七八九十]{1,3}[部章])/;

/**
 * A table row as one line, cells joined by ` | ` (a cell's own lines joined by a space). Null for
 * rows with one filled cell and for layout rows (nested tables, cells holding many paragraphs,
 * headings or numbered points, or over 600 characters), which render block by block as before.
 */
function rowLine(tr: XElement): string | null {
  const cells: string[] = [];
  for (const cell of elementChildren(tr)) {
    if (cell.name !== 'td' && cell.name !== 'th') continue;
    if (descendants(cell).some((el) => el !== cell && el.name === 'table')) return null;
    const lines = render(cell)
      .split('\n')
      .map((l) => l.replace(/[ \u00a0]+/g, ' ').trim())
      .filter(Boolean);
    // a layout cell holding the article (many paragraphs, or headings / numbered points inside)
    if (lines.length > 6 || lines.slice(1).some((l) => LINE_MARKER.test(l))) return null;
    const text = lines.join(' ');
    if (text.length > MAX_ROW_CELL) return null;
    cells.push(text);
  }
  // one filled cell (a group heading spanning the table, a layout row) renders as before
  if (cells.filter(Boolean).length < 2) return null;
  return cells.join(' | ');
}

function cleanLines(text: string): string[] {
  return normalizeNewlines(text)
    .split('\n')
    .map((l) => l.replace(/[ \u00a0]+/g, ' ').trim())
    .filter((l) => l !== '' && !(l.length < 100 && CHROME_LINE.test(l)));
}

export function htmlToText(source: string): string {
  const root = parseTree(source, false);
  removeWhere(root, (el) => DROP_TAGS.has(el.name) || (el.name === 'header' && !hasAncestor(el, ['article', 'main'])));
  // class/id furniture, unless the element holds most of the page's text (a wrapper misnamed)
  // weigh by Chinese characters when the page has some Chinese, else by all visible characters
  const chinese = (weigh(root, true).get(root) ?? 0) >= 20;
  const weights = weigh(root, chinese);
  const total = weights.get(root) ?? 0;
  removeWhere(root, (el) => isChrome(el) && (weights.get(el) ?? 0) < 0.5 * total);

  const main = pickMain(root, chinese);
  const lines = cleanLines(render(main));
  const title = main === root ? undefined : titleBefore(root, main);
  if (title && !lines.slice(0, 5).some((l) => l.includes(title))) lines.unshift(title);
  return lines.join('\n');
}

export function extractHtml(decoded: Decoded): ExtractedText {
  return { text: htmlToText(decoded.text), encoding: decoded.encoding, format: 'html' };
}
