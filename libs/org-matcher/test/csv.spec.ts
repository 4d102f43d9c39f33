import { parseCsv, parseCsvRecords, parseUnitsCsv, toCsv } from '@duban/org-matcher';

describe('csv', () => {
  it.each([
    [
      'plain',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CRLF and no final newline',
      'a,b\r\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'BOM',
      '\ufeffa,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted comma, quote and newline',
      'a,b\n"x,y","say ""hi""\nthere"\n',
      [
        ['a', 'b'],
        ['x,y', 'say "hi"\nthere'],
      ],
    ],
    [
      'empty fields',
      'a,,c\n,,\n',
      [
        ['a', '', 'c'],
        ['', '', ''],
      ],
    ],
    ['blank lines skipped', 'a\n\n1\n', [['a'], ['1']]],
    ['quoted empty', '"",x\n', [['', 'x']]],
  ])('%s', (_l, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it.each([
    ['unterminated quote', 'a,"b\n'],
    ['quote inside an unquoted field', 'a,b"c\n'],
    ['text after closing quote', '"a"b,c\n'],
  ])('rejects %s', (_l, text) => {
    expect(() => parseCsv(text)).toThrow(/CSV line/);
  });

  it('round-trips through toCsv', () => {
    const rows = [
      ['code', 'name'],
      ['X', 'a,"b"\nc'],
      ['Y', ' lead'],
    ];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('checks columns and field counts', () => {
    expect(() => parseCsvRecords('a,b\n1\n')).toThrow(/1 fields/);
    expect(() => parseCsvRecords('a\n1\n', ['b'])).toThrow(/missing column "b"/);
  });

  it('parses units.csv rows', () => {
    const units = parseUnitsCsv(
      'code,name,short_names,aliases,type,tags,parent_code\nR,某区教育局,区教育局|教育局,,bureau,,\nR-S-1,某区"一"小学,一小, ,school,小学|公办,R\n'.replace(
        '某区"一"小学',
        '"某区""一""小学"',
      ),
    );
    expect(units).toEqual([
      { id: 'R', code: 'R', name: '某区教育局', shortNames: ['区教育局', '教育局'], aliases: [], type: 'bureau', tags: [], parentId: null },
      {
        id: 'R-S-1',
        code: 'R-S-1',
        name: '某区"一"小学',
        shortNames: ['一小'],
        aliases: [],
        type: 'school',
        tags: ['小学', '公办'],
        parentId: 'R',
      },
    ]);
  });
});
