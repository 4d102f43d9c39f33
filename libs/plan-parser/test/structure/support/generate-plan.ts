// fast-check generator of synthetic 工作要点 documents with a known structure, rendered in the
// messy ways real plans arrive: numbering styles, OCR noise, full-width digits, PDF hard wraps at
// ~20–36 characters with page markers, CRLF, BOM.
import fc from 'fast-check';

const PHRASES = [
  '坚持以习近平新时代中国特色社会主义思想为指导',
  '全面贯彻党的教育方针',
  '落实立德树人根本任务',
  '新增学前学位2430个',
  '普惠性幼儿园覆盖率达到85%以上',
  '每季度开展一次专项督导',
  '6月底前完成全部试点学校章程修订',
  '年底前实现义务教育优质均衡',
  '义务教育巩固率保持在99.5%以上',
  '落实教育信息化2.0行动计划',
  '校外培训机构压减率不少于60%',
  '每学期组织一次教学质量监测',
  '秋季开学前完成校舍改造',
  '投入资金730万元',
  '完善督学责任区制度',
  '推进“区管校聘”管理改革',
  '（责任单位：基教科、计财科）',
  '（牵头单位：组织科；配合单位：各学校）',
  '建成并投入使用华新实验学校等3所中小学',
  '生均公用经费不低于省定标准',
  '开展“双减”专项治理',
  '选派援甘教师23名',
];

const SECTION_TITLES = [
  '坚持政治引领',
  '加强党的建设',
  '推进教育改革创新',
  '促进各类教育协调发展',
  '加强教师队伍建设',
  '提升教育治理能力',
  '强化教育保障条件',
  '维护校园安全稳定',
];

const POINT_TITLES = [
  '把党的政治建设摆在首位',
  '加强意识形态工作',
  '推进学前教育普惠发展',
  '促进义务教育优质均衡',
  '深化普通高中课程改革',
  '加强师德师风建设',
  '提高教育信息化水平',
  '做好保密双拥等工作',
  '深化“双减”工作',
  '推进集团化办学',
];

export type PointStyle = '.' | '．' | '、' | 'fw' | 'ocr' | '. ';

export interface GenPoint {
  title: string;
  ownLine: boolean;
  body: string[];
  extra: string[];
  items: string[];
}

export interface GenSub {
  title: string;
  intro: string[];
  points: GenPoint[];
}

export interface GenSection {
  title: string;
  intro: string[];
  points: GenPoint[];
  subs: GenSub[];
}

export interface Layout {
  kind: 'lines' | 'wrapped';
  width: number;
  indent: boolean;
  pages: number[];
  pageStyle: number;
  blankAroundPages: boolean;
}

export interface GenDoc {
  intro: string[];
  sections: GenSection[];
  numbering: 'straight' | 'restart';
  secSep: '、' | '.' | '．';
  subParen: '（）' | '()';
  pointStyle: PointStyle;
  ocrDash: boolean;
  lostParen: boolean;
  layout: Layout;
  crlf: boolean;
  bom: boolean;
}

export interface Rendered {
  text: string;
  /** non-marker content in document order (what the parser must keep) */
  content: string[];
  sectionCount: number;
  subCounts: number[];
  /** point numbers in document order */
  pointNumbers: number[];
}

const sentence = fc.array(fc.constantFrom(...PHRASES), { minLength: 1, maxLength: 4 }).map((a) => `${a.join('，')}。`);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));

const pointArb: fc.Arbitrary<GenPoint> = fc.record({
  title: fc.constantFrom(...POINT_TITLES),
  ownLine: fc.boolean(),
  body: fc.array(sentence, { minLength: 1, maxLength: 3 }),
  extra: fc.array(paragraph, { maxLength: 2 }),
  items: fc.array(sentence, { maxLength: 3 }),
});

const subArb: fc.Arbitrary<GenSub> = fc.record({
  title: fc.constantFrom(...SECTION_TITLES),
  intro: fc.array(paragraph, { maxLength: 1 }),
  points: fc.array(pointArb, { maxLength: 3 }),
});

const sectionArb: fc.Arbitrary<GenSection> = fc.record({
  title: fc.constantFrom(...SECTION_TITLES),
  intro: fc.array(paragraph, { maxLength: 2 }),
  points: fc.array(pointArb, { maxLength: 5 }),
  subs: fc.oneof(fc.constant([] as GenSub[]), fc.array(subArb, { minLength: 1, maxLength: 3 })),
});

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  kind: fc.constantFrom<'lines' | 'wrapped'>('lines', 'wrapped', 'wrapped'),
  width: fc.integer({ min: 40, max: 72 }),
  indent: fc.boolean(),
  pages: fc.array(fc.nat({ max: 10_000 }), { maxLength: 4 }),
  pageStyle: fc.nat({ max: 2 }),
  blankAroundPages: fc.boolean(),
});

export const docArb: fc.Arbitrary<GenDoc> = fc.record({
  intro: fc.array(paragraph, { minLength: 1, maxLength: 2 }),
  sections: fc.array(sectionArb, { minLength: 1, maxLength: 6 }),
  numbering: fc.constantFrom<'straight' | 'restart'>('straight', 'restart'),
  secSep: fc.constantFrom<'、' | '.' | '．'>('、', '.', '．'),
  subParen: fc.constantFrom<'（）' | '()'>('（）', '()'),
  pointStyle: fc.constantFrom<PointStyle>('.', '．', '、', 'fw', 'ocr', '. '),
  ocrDash: fc.boolean(),
  lostParen: fc.boolean(),
  layout: layoutArb,
  crlf: fc.boolean(),
  bom: fc.boolean(),
});

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function fullWidthDigits(s: string): string {
  return s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
}

function pointMarker(n: number, style: PointStyle): string {
  switch (style) {
    case 'fw':
      return `${fullWidthDigits(String(n))}．`;
    case 'ocr':
      return `${String(n).split('').join(' ')} ·`;
    default:
      return `${n}${style}`;
  }
}

function width(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) >= 0x2e80 || '“”‘’—…'.includes(ch) ? 2 : 1;
  return w;
}

function wrap(line: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  let w = 0;
  for (const ch of line) {
    const cw = width(ch);
    if (w + cw > max && cur.length > 0) {
      out.push(cur);
      cur = '';
      w = 0;
    }
    cur += ch;
    w += cw;
  }
  out.push(cur);
  return out;
}

type Kind = 'heading' | 'para';

export function render(doc: GenDoc): Rendered {
  const logical: Array<{ text: string; kind: Kind }> = [];
  const content: string[] = [];
  const pointNumbers: number[] = [];
  const title = '某区2021年教育工作要点';
  logical.push({ text: title, kind: 'heading' });
  content.push(title);
  for (const p of doc.intro) {
    logical.push({ text: p, kind: 'para' });
    content.push(p);
  }
  let n = 0;
  const emitPoints = (points: GenPoint[]): void => {
    if (doc.numbering === 'restart') n = 0;
    for (const p of points) {
      n++;
      pointNumbers.push(n);
      const marker = pointMarker(n, doc.pointStyle);
      const paras: string[] = [];
      if (p.ownLine) {
        paras.push(p.title, `目标任务：${p.body.join('')}`, '工作措施：');
      } else {
        paras.push(`${p.title}。${p.body.join('')}`);
      }
      paras.push(...p.extra);
      p.items.forEach((it, k) => paras.push(`（${k + 1}）${it}`));
      paras.forEach((text, k) => {
        logical.push({ text: k === 0 ? `${marker}${text}` : text, kind: k === 0 && p.ownLine ? 'heading' : 'para' });
        content.push(text);
      });
    }
  };
  doc.sections.forEach((s, i) => {
    const num = doc.ocrDash && i === 0 && doc.secSep === '、' ? '—' : (CN[i + 1] as string);
    logical.push({ text: `${num}${doc.secSep}${s.title}`, kind: 'heading' });
    content.push(s.title);
    for (const p of s.intro) {
      logical.push({ text: p, kind: 'para' });
      content.push(p);
    }
    emitPoints(s.points);
    s.subs.forEach((sub, j) => {
      const [open, close] = doc.subParen === '（）' ? ['（', '）'] : ['(', ')'];
      const marker = doc.lostParen && j > 0 ? '）' : `${open}${CN[j + 1] as string}${close}`;
      logical.push({ text: `${marker}${sub.title}`, kind: 'heading' });
      content.push(sub.title);
      for (const p of sub.intro) {
        logical.push({ text: p, kind: 'para' });
        content.push(p);
      }
      emitPoints(sub.points);
    });
  });

  let physical: string[] = [];
  if (doc.layout.kind === 'lines') {
    physical = logical.map((l) => l.text);
  } else {
    for (const l of logical) {
      const indent = doc.layout.indent && l.kind === 'para' ? '\u3000\u3000' : '';
      physical.push(...wrap(indent + l.text, doc.layout.width));
    }
  }
  if (doc.layout.pages.length > 0 && physical.length > 2) {
    const at = [...new Set(doc.layout.pages.map((p) => 1 + (p % (physical.length - 1))))].sort((a, b) => b - a);
    at.forEach((pos, k) => {
      const page = at.length - k + 1;
      const marker = [`— ${page} —`, `- ${page} -`, `第${page}页 共9页`][doc.layout.pageStyle] as string;
      const insert = doc.layout.blankAroundPages ? ['', marker, ''] : [marker];
      physical.splice(pos, 0, ...insert);
    });
  }
  const eol = doc.crlf ? '\r\n' : '\n';
  const text = (doc.bom ? '\ufeff' : '') + physical.join(eol) + eol;
  return {
    text,
    content,
    sectionCount: doc.sections.length,
    subCounts: doc.sections.map((s) => s.subs.length),
    pointNumbers,
  };
}
