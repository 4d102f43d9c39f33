import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';
import { expectRefusal } from './support/refusal';

const L = DEFAULT_PARSE_LIMITS;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('html', () => {
  it('keeps only the plan from a GBK government page: no navigation, breadcrumb, footer or scripts', async () => {
    const bytes = new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'gov-page-gbk.html')));
    const out = await extractText(bytes, 'content_123.shtml', L);
    expect(out).toMatchObject({ format: 'html', encoding: 'gb18030' });
    expect(out.text.split('\n')).toEqual([
      '东丽区教育局关于印发2021年工作要点的通知',
      '各中小学、幼儿园，各直属单位：',
      '现将《东丽区教育局2021年工作要点》印发给你们，请认真贯彻落实。',
      '东丽区教育局2021年工作要点',
      '一、全面加强党的建设',
      '1.深入学习贯彻习近平新时代中国特色社会主义思想——落实“第一议题”制度。',
      '（责任单位：组织科）',
      '2.新增学前学位2430个，普惠性幼儿园覆盖率达到80%以上。',
      '指标 | 2020年 | 2025年',
      '学前三年毛入园率（%） | 95 | >=97',
      '二、推进教育优质均衡发展',
      '3.7月底前完成校舍安全排查&整改。',
    ]);
    for (const chrome of ['网站标识码', 'ICP备', '版权所有', '主办单位', '当前位置', '首页', '相关信息', 'siteId', '分享到'])
      expect(out.text).not.toContain(chrome);
  });

  it('finds the main content without class hints, by where the Chinese text is', async () => {
    const page = `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>
      <header><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政务公开</a></header>
      <div><div><p>一、总体要求</p><p>1.坚持立德树人根本任务，全面推进素质教育，办好人民满意的教育。</p>
      <p>2.全年新增公办学位3000个以上，完成校舍改造工程10项。</p></div>
      <div><a href="/x">友情链接：教育部门户网站</a></div></div>
      <footer>主办单位：某区教育局 网站标识码：1234567890 京ICP备12345678号</footer>
      </body></html>`;
    const out = await extractText(utf8(page), 'index.html', L);
    expect(out).toMatchObject({ format: 'html', encoding: 'utf-8' });
    expect(out.text).toBe(
      '一、总体要求\n1.坚持立德树人根本任务，全面推进素质教育，办好人民满意的教育。\n2.全年新增公办学位3000个以上，完成校舍改造工程10项。',
    );
  });

  it('recognises HTML by its markup even with a .txt name, and decodes entities', async () => {
    const page = '<html><body><div id="content"><p>一、目标&nbsp;&nbsp;任务</p><p>达到&ge;95%&#x3002;</p></div></body></html>';
    const out = await extractText(utf8(page), 'plan.txt', L);
    expect(out).toMatchObject({ format: 'html', text: '一、目标 任务\n达到≥95%。' });
  });

  it('refuses a page whose content is only chrome as empty', async () => {
    await expectRefusal(
      extractText(utf8('<!DOCTYPE html><html><head><script>var a="一、";</script></head><body><nav>首页</nav></body></html>'), 'a.html', L),
      'PLAN_EMPTY',
    );
  });
});
