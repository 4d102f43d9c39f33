import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractText } from '../../src/extract';
import { DEFAULT_PARSE_LIMITS } from '../../src/types';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('plain text', () => {
  it('decodes GB18030 with CRLF, normalising line ends and keeping full-width digits', async () => {
    const out = await extractText(fixture('plan-gb18030-crlf.txt'), '要点.txt', DEFAULT_PARSE_LIMITS);
    expect(out).toMatchObject({ format: 'txt', encoding: 'gb18030' });
    expect(out.text).not.toContain('\r');
    expect(out.text.split('\n')).toEqual([
      '东丽区教育局2021年工作要点',
      '一、全面加强党的建设',
      '１．新增学前学位２４３０个，普惠性幼儿园覆盖率达到80%以上。（责任单位：学前科）',
      '2.7月底前完成校舍安全排查；每季度组织开展一次督导检查。',
      '二、推进教育优质均衡发展',
      '',
    ]);
  });

  it('decodes UTF-16 LE and BE with a BOM', async () => {
    const le = await extractText(fixture('plan-utf16le-bom.txt'), 'a.txt', DEFAULT_PARSE_LIMITS);
    const be = await extractText(fixture('plan-utf16be-bom.txt'), 'a.txt', DEFAULT_PARSE_LIMITS);
    expect(le.encoding).toBe('utf-16le');
    expect(be.encoding).toBe('utf-16be');
    expect(le.text).toBe(be.text);
    expect(le.text.startsWith('西安市新城区教育局2021年工作要点\n一、坚持立德树人\n1.全年')).toBe(true);
    expect(le.text).not.toContain('\uFEFF');
  });

  it('strips a UTF-8 BOM and reports it', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('一、总体要求\r\n１．加强党建\r二、主要任务')]);
    const out = await extractText(bytes, 'plan.txt', DEFAULT_PARSE_LIMITS);
    expect(out).toEqual({ text: '一、总体要求\n１．加强党建\n二、主要任务', encoding: 'utf-8-bom', format: 'txt' });
  });

  it('reads plain UTF-8 and leaves the text otherwise untouched', async () => {
    const text = '  一、总体要求  \n\t（一）目标任务：\u3000新增学位２４３０个\f\n';
    const out = await extractText(utf8(text), 'plan.txt', DEFAULT_PARSE_LIMITS);
    expect(out).toEqual({ text, encoding: 'utf-8', format: 'txt' });
  });

  it('treats valid text under an unknown, misleading or missing extension as txt', async () => {
    for (const name of ['plan.xyz', 'plan', '工作要点.docx', 'plan.pdf', 'plan.html']) {
      const out = await extractText(utf8('2021年工作要点\n一、总体要求'), name, DEFAULT_PARSE_LIMITS);
      expect(out.format).toBe('txt');
    }
    const mention = await extractText(utf8('说明：文件头为 %PDF-1.7 的是PDF文件'), 'note.txt', DEFAULT_PARSE_LIMITS);
    expect(mention.format).toBe('txt');
  });
});
