import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  analyseImport,
  DEFAULT_LIMITS,
  type ExistingUnit,
  type ImportReport,
  orderParentsFirst,
  parseDelimited,
  readUnitFile,
  unitsToCsv,
  unitsToXlsx,
} from '@duban/org-import';
import { generateProvinceUnitsCsv } from '../../../seeds/org/generate-large';
import { encodeGb18030 } from './gb18030';

const SEED = readFileSync(path.join(__dirname, '../../../seeds/org/units.csv'));
const HEADER = 'code,name,short_names,aliases,type,tags,parent_code';
const csv = (...lines: string[]): Buffer => Buffer.from([HEADER, ...lines].join('\n'));
const codesOf = (r: ImportReport): string[] => r.errors.map((e) => e.code);
const asExisting = (r: ImportReport): ExistingUnit[] => r.changes.map((c) => ({ ...c.row, archived: false }));

describe('parseDelimited', () => {
  it('reads quoted fields with separators, quotes and line breaks; CRLF; numbers lines by record start', () => {
    const { records, unterminatedQuoteLine } = parseDelimited('a,b\r\n"x, ""y""","line1\r\nline2"\r\n\r\nlast,\n');
    expect(unterminatedQuoteLine).toBeUndefined();
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', 'line1\r\nline2'] },
      { line: 5, cells: ['last', ''] },
    ]);
  });

  it('reports an unterminated quote at the line it opens', () => {
    expect(parseDelimited('a,b\n1,2\n"open,3\n4,5\n').unterminatedQuoteLine).toBe(3);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(parseDelimited('东丽区"阳光"小学,x').records[0].cells).toEqual(['东丽区"阳光"小学', 'x']);
  });
});

describe('analyseImport', () => {
  it('accepts the sample district: 185 units, parents first, tags kept', async () => {
    const r = await analyseImport(SEED, []);
    expect(r).toMatchObject({ ok: true, format: 'csv', encoding: 'utf-8', rows: 185, errorCount: 0 });
    expect(r.summary).toEqual({ create: 185, update: 0, unchanged: 0 });
    expect(r.changes[0].row.code).toBe('DL');
    const jjk = r.changes.find((c) => c.row.code === 'DL-D-JJK')!.row;
    expect(jjk).toMatchObject({ name: '基础教育科', shortNames: ['基教科'], type: 'department', parentCode: 'DL' });
    expect(r.changes.filter((c) => c.row.tags.includes('小学')).length).toBe(70);
  });

  it('plans nothing when the same file is imported over itself', async () => {
    const first = await analyseImport(SEED, []);
    const again = await analyseImport(SEED, asExisting(first));
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 185 });
    expect(again.changes).toEqual([]);
  });

  it('reports only the changed fields of an update', async () => {
    const first = await analyseImport(SEED, []);
    const edited = SEED.toString('utf8').replace('DL-D-JJK,基础教育科,基教科,', 'DL-D-JJK,基础教育科,基教科|基础科,');
    const r = await analyseImport(Buffer.from(edited), asExisting(first));
    expect(r.summary).toEqual({ create: 0, update: 1, unchanged: 184 });
    expect(r.changes[0]).toMatchObject({ kind: 'update', fields: ['shortNames'], before: { shortNames: ['基教科'] } });
  });

  it('orders children after parents whatever the file order', async () => {
    const r = await analyseImport(
      csv('X-S1,某小学,,,school,小学,X-D', 'X-D,某区教育局,,,district_bureau,,X', 'X,某市教育局,,,bureau,,'),
      [],
    );
    expect(r.ok).toBe(true);
    expect(r.changes.map((c) => c.row.code)).toEqual(['X', 'X-D', 'X-S1']);
    expect(
      orderParentsFirst([
        { code: 'b', parentCode: 'a' },
        { code: 'a', parentCode: null },
      ]).map((x) => x.code),
    ).toEqual(['a', 'b']);
  });

  it('reports every kind of bad row with line, column and a Chinese reason', async () => {
    const existing: ExistingUnit[] = [
      { code: 'OLD', name: '已撤并学校', shortNames: [], aliases: [], type: 'school', tags: ['小学'], parentCode: null, archived: true },
    ];
    const r = await analyseImport(
      csv(
        'B,测试教育局,,,bureau,,', //                      2 ok
        ',缺编码小学,,,school,小学,B', //                   3
        'B 1,编码有空格,,,department,,B', //                4
        'B-D1,科室一,,,department,,B', //                   5 ok
        'B-D1,科室一重复,,,department,,B', //               6
        'B-D2,,,,department,,B', //                         7
        'B-D3,研究所,,,科研所,,B', //                       8
        'B-S1,某小学,,,school,小学|重点校,B', //            9
        'B-S2,某学校,,,school,公办,B', //                   10
        'B-S3,孤儿小学,,,school,小学,NOPE', //              11
        'B-C1,循环甲,,,department,,B-C2', //                12
        'B-C2,循环乙,,,department,,B-C1', //                13
        `B-S4,${'长'.repeat(201)},,,school,小学,B`, //      14
        'B-S5,"=HYPERLINK(""http://x"")",,,school,小学,B', // 15
        'B-D4,无上级科室,,,department,,', //                 16
        'B-S7,自己上级,,,school,小学,B-S7', //               17
        'B-S8,公民办,,,school,小学|公办|民办,B', //          18
        'B-S9,多一列,,,school,小学,B,多余', //               19
        'B-S10,缺类型,,,,小学,B', //                         20
        'B-S11,控制\u0007字符,,,school,小学,B', //           21
        'B-S12,挂在撤并校下,,,school,小学,OLD', //          22
        'B-S13,简称太长,' + '简'.repeat(101) + ',,school,小学,B', // 23
      ),
      existing,
    );
    expect(r.ok).toBe(false);
    expect(r.changes).toEqual([]);
    const byLine = new Map<number, string[]>();
    for (const e of r.errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.code]);
    expect(Object.fromEntries(byLine)).toEqual({
      3: ['CODE_MISSING'],
      4: ['CODE_INVALID'],
      6: ['CODE_DUPLICATE'],
      7: ['NAME_MISSING'],
      8: ['TYPE_UNKNOWN'],
      9: ['TAG_UNKNOWN'],
      10: ['SCHOOL_LEVEL_MISSING'],
      11: ['PARENT_UNKNOWN'],
      12: ['CYCLE'],
      13: ['CYCLE'],
      14: ['VALUE_TOO_LONG'],
      15: ['FORMULA'],
      16: ['ROOT_TYPE'],
      17: ['PARENT_SELF'],
      18: ['TAG_CONFLICT'],
      19: ['ROW_TOO_MANY_FIELDS'],
      20: ['TYPE_MISSING'],
      21: ['CONTROL_CHAR'],
      22: ['PARENT_ARCHIVED'],
      23: ['VALUE_TOO_LONG'],
    });
    for (const e of r.errors) {
      expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof e.column).toBe('string');
    }
    expect(r.errors.find((e) => e.line === 12)).toMatchObject({
      column: 'parent_code',
      reason: expect.stringContaining('B-C1 → B-C2 → B-C1'),
    });
    expect(r.errors.find((e) => e.line === 7)?.column).toBe('name');
    // the valid rows are still counted so a person sees what would happen once the file is fixed
    expect(r.summary.create).toBe(2);
  });

  it('reads Chinese headers and type names from a GB18030 CSV with CRLF', async () => {
    const text = [
      '编码,名称,简称,别名,类型,标签,上级编码',
      'G,测试区教育局,区教育局,,教育局,,',
      'G-D1,基础教育科,基教科,义务教育科,科室,,G',
      'G-S1,测试区实验小学,实验小学,,学校,小学|公办,G',
    ].join('\r\n');
    const r = await analyseImport(encodeGb18030(text), []);
    expect(r).toMatchObject({ ok: true, encoding: 'gb18030', rows: 3 });
    expect(r.changes.map((c) => [c.row.code, c.row.type, c.row.shortNames])).toEqual([
      ['G', 'bureau', ['区教育局']],
      ['G-D1', 'department', ['基教科']],
      ['G-S1', 'school', ['实验小学']],
    ]);
  });

  it('reads UTF-8 with BOM and tab-separated UTF-16 (Excel "Unicode text")', async () => {
    const bom = await analyseImport(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), csv('T,某局,,,bureau,,')]), []);
    expect(bom).toMatchObject({ ok: true, encoding: 'utf-8-bom' });
    const tsv = `${HEADER.replace(/,/g, '\t')}\r\nT\t某局\t\t\tbureau\t\t\r\n`;
    const utf16 = await analyseImport(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]), []);
    expect(utf16).toMatchObject({ ok: true, encoding: 'utf-16le', rows: 1 });
  });

  it('reads an .xlsx, refuses formula cells, numbers errors by worksheet row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['编码', '名称', '类型', '标签', '上级编码']);
    ws.addRow(['X', '某市教育局', '教育局', '', '']);
    ws.addRow([]);
    ws.addRow(['X-S1', { formula: 'CONCAT("某","小学")', result: '某小学' }, '学校', '小学', 'X']);
    ws.addRow(['X-S2', { richText: [{ text: '富文本' }, { text: '小学' }] }, '学校', '小学', 'X']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await analyseImport(bytes, []);
    expect(r.format).toBe('xlsx');
    expect(r.errors).toEqual([expect.objectContaining({ line: 4, column: '名称', code: 'FORMULA' })]);
  });

  it('round-trips through its own CSV and xlsx export', async () => {
    const first = await analyseImport(SEED, []);
    const units = asExisting(first);
    for (const bytes of [Buffer.from(unitsToCsv(units)), await unitsToXlsx(units)]) {
      const again = await analyseImport(bytes, units);
      expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 185 });
    }
  });

  it('refuses files over the size and row limits, empty files and old .xls', async () => {
    const big = await analyseImport(SEED, [], { ...DEFAULT_LIMITS, maxBytes: 1000 });
    expect(codesOf(big)).toEqual(['FILE_TOO_LARGE']);
    const rows = await analyseImport(SEED, [], { ...DEFAULT_LIMITS, maxRows: 100 });
    expect(rows.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS', line: 102 })]);
    expect(codesOf(await analyseImport(Buffer.alloc(0), []))).toEqual(['FILE_EMPTY']);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(codesOf(await analyseImport(xls, []))).toEqual(['FILE_OLD_XLS']);
    expect(codesOf(await analyseImport(Buffer.from([0xff, 0xff, 0x00, 0x81]), []))).toEqual(['FILE_UNREADABLE']);
  });

  it('refuses an .xlsx whose declared unzipped size is over the limit', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['code', 'name', 'type']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await analyseImport(bytes, [], { ...DEFAULT_LIMITS, maxUnzippedBytes: 1000 });
    expect(codesOf(r)).toEqual(['FILE_TOO_LARGE']);
  });

  it('names missing, unknown and duplicate header columns', async () => {
    const r = await analyseImport(Buffer.from('编码,名字,类型,类型\nX,某局,bureau,bureau\n'), []);
    expect(r.errors.map((e) => [e.line, e.code, e.column]).sort()).toEqual([
      [1, 'HEADER_DUPLICATE_COLUMN', '类型'],
      [1, 'HEADER_MISSING_COLUMN', '名称'],
      [1, 'HEADER_UNKNOWN_COLUMN', '名字'],
    ]);
  });

  it('reports an unterminated quote and imports nothing', async () => {
    const r = await analyseImport(csv('X,某局,,,bureau,,', 'X-1,"没闭合,,,department,,X', 'X-2,某科,,,department,,X'), []);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, code: 'ROW_MALFORMED' })]);
  });

  it('lists at most maxListedErrors but counts them all', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `,无编码${i},,,school,小学,X`);
    const r = await analyseImport(csv(...lines), [], { ...DEFAULT_LIMITS, maxListedErrors: 10 });
    expect(r.errors).toHaveLength(10);
    expect(r.errorCount).toBe(100); // missing code and unknown parent on each row
  });

  it('plans the 20,000-unit province file', async () => {
    const bytes = Buffer.from(generateProvinceUnitsCsv(20000));
    const file = await readUnitFile(bytes);
    expect(file.rowCount).toBe(20000);
    const r = await analyseImport(bytes, []);
    expect(r.ok).toBe(true);
    expect(r.summary.create).toBe(20000);
    const seen = new Set<string>();
    const orphans = r.changes.filter((c) => {
      seen.add(c.row.code);
      return c.row.parentCode !== null && !seen.has(c.row.parentCode);
    });
    expect(orphans).toEqual([]);
  });
});
