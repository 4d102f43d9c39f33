import type { ParsedPlan } from '@duban/plan-parser';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from 'docx';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildPdf, linesPage } from '../../libs/plan-parser/test/extract/support/pdf-writer';
import { jsonInit, request as anonymous, startApi, upload, type TestApi } from '../support/api';
import { signedIn, withAuth } from '../support/auth';
import { REPO_ROOT } from '../support/seeds';

interface DraftBody {
  planId: string;
  version: number;
  parsed: ParsedPlan;
  document: { format: string; encoding: string };
}

const pointsOf = (p: ParsedPlan) => {
  const walk = (ss: ParsedPlan['sections']): ParsedPlan['sections'][number]['points'] =>
    ss.flatMap((s) => [...s.points, ...walk(s.sections)]);
  return walk(p.sections);
};

/** A work plan as Word writes it: headings and points numbered by Word, not typed. */
async function wordNumberedPlan(): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'plan',
          levels: [
            { level: 0, format: LevelFormat.CHINESE_COUNTING, text: '%1、', alignment: AlignmentType.LEFT },
            { level: 1, format: LevelFormat.DECIMAL, text: '%2.', alignment: AlignmentType.LEFT },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph('示范区教育局2022年工作要点'),
          new Paragraph({ text: '加强党的建设', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({ text: '强化理论武装。每季度组织一次专题学习。（责任单位：组织科）', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({ text: '建强基层组织。6月底前完成支部换届。（责任单位：组织科）', numbering: { reference: 'plan', level: 1 } }),
          new Paragraph({ text: '扩大优质资源', numbering: { reference: 'plan', level: 0 } }),
          new Paragraph({
            text: '新建学校。新增学位1200个，9月底前投入使用。（牵头单位：规划科；配合单位：基教科）',
            numbering: { reference: 'plan', level: 1 },
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** Cuts a paragraph into lines of `width` characters, the way a PDF's text layer comes out. */
function hardWrap(paragraph: string, width: number): string[] {
  const chars = Array.from(paragraph);
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += width) lines.push(chars.slice(i, i + width).join(''));
  return lines;
}

/** The same kind of plan as a PDF: every paragraph hard-wrapped at 24 characters, page markers between pages. */
function wrappedPdfPlan(): Uint8Array {
  const paragraphs = [
    '示范区教育局2023年工作要点',
    '一、加强党的建设',
    '1.强化理论武装。坚持以习近平新时代中国特色社会主义思想为指导，每季度组织一次专题学习，全年不少于4次，推动学习贯彻常态化制度化。（责任单位：组织科）',
    '2.建强基层组织。深化中小学党组织领导的校长负责制，6月底前完成全部学校支部换届和章程修订工作。（责任单位：组织科）',
    '二、扩大优质资源',
    '3.新建学校。加快推进新建改扩建学校项目建设，新增学位1200个，9月底前全部投入使用，缓解城区学位紧张问题。（责任单位：规划科）',
  ];
  const lines = paragraphs.flatMap((p) => hardWrap(p, 24));
  const half = Math.ceil(lines.length / 2);
  return buildPdf([linesPage(lines.slice(0, half), '— 1 —'), linesPage(lines.slice(half), '— 2 —')]);
}

describe('plan import of every format through HTTP', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startApi();
    token = (await signedIn(api, 'department_head')).accessToken;
  });
  // signed in as a department head, who may import and confirm plans
  const request = <T = Record<string, unknown>>(url: string, init: RequestInit = {}) => anonymous<T>(url, withAuth(token, init));
  afterAll(async () => api.close());

  const importAndConfirm = async (bytes: Uint8Array, name: string) => {
    const draft = await request<DraftBody>(`${api.url}/api/plans/import`, upload(bytes, name));
    expect(draft.status).toBe(201);
    const confirmed = await request(`${api.url}/api/plans/${draft.body.planId}/confirm`, jsonInit('POST', { version: draft.body.version }));
    expect(confirmed.status).toBe(200);
    const stored = await api.db.query(`select number, title, text from work_points where plan_id = $1 order by position`, [
      draft.body.planId,
    ]);
    return { draft: draft.body, stored: stored as { number: number; title: string; text: string }[] };
  };

  it('docx with Word-generated numbering keeps its numbers', async () => {
    const { draft, stored } = await importAndConfirm(await wordNumberedPlan(), '工作要点.docx');
    expect(draft.document.format).toBe('docx');
    expect(draft.parsed.sections.map((s) => s.title)).toEqual(['加强党的建设', '扩大优质资源']);
    expect(stored.map((p) => p.number)).toEqual([1, 2, 1]);
    expect(stored.map((p) => p.title)).toEqual(['强化理论武装', '建强基层组织', '新建学校']);
    const third = pointsOf(draft.parsed)[2];
    expect(third.units).toEqual(
      expect.arrayContaining([
        { name: '规划科', role: 'lead' },
        { name: '基教科', role: 'cooperating' },
      ]),
    );
    expect(third.deadlines).toEqual([expect.objectContaining({ date: '2022-09-30' })]);
  });

  it('pdf text layer: wraps joined, page markers dropped', async () => {
    const { draft, stored } = await importAndConfirm(wrappedPdfPlan(), 'plan.pdf');
    expect(draft.document.format).toBe('pdf');
    expect(stored.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(stored[0].text).toContain('全年不少于4次');
    expect(stored[0].text).not.toMatch(/— 1 —|\n/);
    expect(pointsOf(draft.parsed)[0].units).toEqual([{ name: '组织科', role: 'responsible' }]);
    expect(pointsOf(draft.parsed)[2].targets).toEqual([expect.objectContaining({ value: 1200, unit: '个' })]);
  });

  it('a GBK web page: site chrome gone, plan kept', async () => {
    const bytes = readFileSync(path.join(REPO_ROOT, 'libs/plan-parser/test/extract/fixtures/gov-page-gbk.html'));
    const { draft, stored } = await importAndConfirm(bytes, 'notice.html');
    expect(draft.document.format).toBe('html');
    expect(stored.length).toBeGreaterThan(0);
    const all = JSON.stringify(draft.parsed);
    expect(all).not.toMatch(/网站标识码|ICP备|版权所有/);
  });

  it('GB18030 text with CRLF', async () => {
    const bytes = readFileSync(path.join(REPO_ROOT, 'libs/plan-parser/test/extract/fixtures/plan-gb18030-crlf.txt'));
    const { draft, stored } = await importAndConfirm(bytes, 'plan.txt');
    expect(draft.document.encoding).toBe('gb18030');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((p) => !p.text.includes('\r'))).toBe(true);
  });

  const fixtures = ['five-year-plan.txt', 'ocr-numbering.txt', 'own-line-titles.txt', 'pdf-wrapped-notice.txt', 'web-notice.txt'];
  it.each(fixtures)('messy text fixture %s round-trips through the database', async (name) => {
    const bytes = readFileSync(path.join(REPO_ROOT, 'libs/plan-parser/test/structure/fixtures', name));
    const { draft, stored } = await importAndConfirm(bytes, name);
    const parsedPoints = pointsOf(draft.parsed);
    expect(stored.map((p) => [p.number, p.title, p.text])).toEqual(parsedPoints.map((p) => [p.number, p.title, p.text]));
    const indicators = await api.db.query(`select count(*)::int as n from plan_indicators where plan_id = $1`, [draft.planId]);
    expect(indicators[0].n).toBe(draft.parsed.indicators.length);
  });

  it('the five-year plan keeps its indicator table', async () => {
    // one blank line more than the fixture test above imported, so it is not refused as a duplicate
    const bytes = Buffer.concat([
      readFileSync(path.join(REPO_ROOT, 'libs/plan-parser/test/structure/fixtures/five-year-plan.txt')),
      Buffer.from('\n'),
    ]);
    const { draft } = await importAndConfirm(bytes, 'plan.txt');
    expect(draft.parsed.period).not.toBeNull();
    expect(draft.parsed.indicators.length).toBeGreaterThan(0);
    const rows = await api.db.query(`select name, baseline_year, target_year from plan_indicators where plan_id = $1 order by position`, [
      draft.planId,
    ]);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(draft.parsed.indicators.map((i) => i.name));
    expect(
      rows.every((r: { baseline_year: number | null; target_year: number | null }) => r.baseline_year !== null && r.target_year !== null),
    ).toBe(true);
  });
});
