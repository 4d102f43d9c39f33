import { bigrams, dice } from '@duban/text';

describe('bigrams', () => {
  it('pairs neighbouring code points, keeps a single character', () => {
    expect(bigrams('教育局')).toEqual(['教育', '育局']);
    expect(bigrams('局')).toEqual(['局']);
    expect(bigrams('')).toEqual([]);
    expect(bigrams('𠀀教')).toEqual(['𠀀教']); // one astral character is one character
  });
});

describe('dice', () => {
  it('is 2·shared / (|a| + |b|) over bigram multisets', () => {
    expect(dice('基础教育科', '基础教育处')).toBeCloseTo((2 * 3) / (4 + 4));
    expect(dice('阿阿阿', '阿阿')).toBeCloseTo((2 * 1) / (2 + 1)); // a repeated bigram counts once per copy
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['第一中学', '第一实验中学'],
      ['阿阿阿', '阿阿'],
      ['教育', '育教'],
    ]) {
      expect(dice(a, b)).toBeCloseTo(dice(b, a));
    }
  });

  it('is 1 for equal non-empty strings, 0 with nothing shared or an empty side', () => {
    expect(dice('教育局', '教育局')).toBe(1);
    expect(dice('甲', '甲')).toBe(1);
    expect(dice('教育', '卫生')).toBe(0);
    expect(dice('', '教育')).toBe(0);
    expect(dice('', '')).toBe(0);
  });
});
