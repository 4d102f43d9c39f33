/**
 * Deterministic province-sized org tree for benchmarks and tests, in the units.csv format:
 * province bureau → city bureaus → district bureaus → schools. Same input, same bytes.
 *
 *   node -r @swc-node/register seeds/org/generate-large.ts 20000 > var/province-units.csv
 *
 * The output is generated on demand and never committed.
 */

export const UNITS_CSV_HEADER = 'code,name,short_names,aliases,type,tags,parent_code';

const PROVINCE = { code: 'P', name: '江川省教育厅', shortNames: ['省教育厅'], aliases: ['江川省教育厅机关'] };

// Two-character place names are built as FIRST[i] + SECOND[j]; 24 × 24 = 576 distinct names.
const FIRST = '青临云安永平江新长宁金华明东西南北兴泰福和丰清德'.split('');
const SECOND = '山川河阳水城州林湖原宁桥溪丰安台源口塘岭坪泉庄沟'.split('');
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 35 → 三十五, 100 → 一百 … (for 第N小学). */
function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  if (n < 100) return `${NUMERALS[Math.floor(n / 10) - 1]}十${n % 10 === 0 ? '' : NUMERALS[(n % 10) - 1]}`;
  if (n < 1000) {
    const rest = n % 100;
    const head = `${NUMERALS[Math.floor(n / 100) - 1]}百`;
    if (rest === 0) return head;
    return rest < 10 ? `${head}零${NUMERALS[rest - 1]}` : `${head}${rest < 20 ? '一' : ''}${chineseNumber(rest)}`;
  }
  return String(n);
}

function place(i: number): string {
  const a = FIRST[i % FIRST.length];
  const b = SECOND[Math.floor(i / FIRST.length) % SECOND.length];
  const round = Math.floor(i / (FIRST.length * SECOND.length));
  return round === 0 ? a + b : `${a}${b}${chineseNumber(round + 1)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface Row {
  code: string;
  name: string;
  shortNames: string[];
  aliases: string[];
  type: string;
  tags: string[];
  parentCode: string;
}

function line(r: Row): string {
  return [r.code, r.name, r.shortNames.join('|'), r.aliases.join('|'), r.type, r.tags.join('|'), r.parentCode].map(csvField).join(',');
}

/** A school's kind, cycling through a realistic mix (per 30: 14 小学, 4 初中, 2 九年一贯制, 1 高中, 1 完全中学, 8 幼儿园). */
const SCHOOL_MIX: ReadonlyArray<{ level: string; suffix: string }> = [
  ...Array.from({ length: 14 }, () => ({ level: '小学', suffix: '小学' })),
  ...Array.from({ length: 4 }, () => ({ level: '初中', suffix: '中学' })),
  ...Array.from({ length: 2 }, () => ({ level: '九年一贯制', suffix: '学校' })),
  { level: '高中', suffix: '高级中学' },
  { level: '完全中学', suffix: '中学' },
  ...Array.from({ length: 8 }, () => ({ level: '幼儿园', suffix: '幼儿园' })),
];
/** Per slot of SCHOOL_MIX: how many slots per block share its suffix, and its rank among them. */
const SUFFIX_COUNT = SCHOOL_MIX.map((m) => SCHOOL_MIX.filter((x) => x.suffix === m.suffix).length);
const SUFFIX_RANK = SCHOOL_MIX.map((m, i) => SCHOOL_MIX.slice(0, i).filter((x) => x.suffix === m.suffix).length);

function schoolRow(district: Row, districtArea: string, k: number, code: string): Row {
  // in every 150 schools of a district, one is vocational and one special education
  let level: string;
  let name: string;
  const campus = k >= 150 ? `${chineseNumber(Math.floor(k / 150) + 1)}校区` : '';
  if (k % 150 === 74) {
    level = '职业学校';
    name = `${districtArea}职业教育中心学校${campus}`;
  } else if (k % 150 === 149) {
    level = '特殊教育';
    name = `${districtArea}特殊教育学校${campus}`;
  } else {
    const slot = k % SCHOOL_MIX.length;
    const kind = SCHOOL_MIX[slot];
    level = kind.level;
    // ordinal among schools with the same name suffix in this district: unique per (suffix, ordinal)
    const ordinal = Math.floor(k / SCHOOL_MIX.length) * SUFFIX_COUNT[slot] + SUFFIX_RANK[slot];
    const distinct = ordinal % 2 === 0 ? `第${chineseNumber(ordinal / 2 + 1)}` : place((ordinal - 1) / 2);
    name = `${districtArea}${distinct}${kind.suffix}`;
  }
  const funding = k % 10 === 7 ? '民办' : '公办';
  return {
    code,
    name,
    shortNames: [name.slice(districtArea.length)],
    aliases: [],
    type: 'school',
    tags: [level, funding],
    parentCode: district.code,
  };
}

/**
 * A province-sized units CSV with exactly `count` units (header excluded; count ≥ 1).
 * Rows are ordered parents before children; codes are unique: P, P-C03, P-C03-D07, P-C03-D07-S0123.
 */
export function generateProvinceUnitsCsv(count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const rest = count - 1;
  const cities = Math.min(rest, Math.max(rest > 0 ? 1 : 0, Math.ceil(rest / 1200)));
  const districts = Math.min(rest - cities, Math.max(cities, Math.round(rest / 151)));
  const schools = rest - cities - districts;

  const lines: string[] = [UNITS_CSV_HEADER];
  lines.push(line({ ...PROVINCE, type: 'bureau', tags: ['省级'], parentCode: '' }));

  const cw = Math.max(2, String(cities).length);
  const cityRows: Row[] = [];
  const cityAreas: string[] = [];
  for (let c = 0; c < cities; c++) {
    const area = `${place(c * 7)}市`;
    const row: Row = {
      code: `P-C${pad(c + 1, cw)}`,
      name: `${area}教育局`,
      shortNames: [`${area}教育局`],
      aliases: [`${area}教委`],
      type: 'bureau',
      tags: ['市级'],
      parentCode: PROVINCE.code,
    };
    cityRows.push(row);
    cityAreas.push(area);
    lines.push(line(row));
  }

  const perCity = new Array<number>(cities).fill(0);
  const dw = Math.max(2, String(Math.ceil(districts / Math.max(1, cities))).length);
  const districtRows: Row[] = [];
  const districtAreas: string[] = [];
  for (let d = 0; d < districts; d++) {
    const c = d % cities;
    const n = perCity[c]++;
    const suffix = n % 4 === 3 ? '县' : '区';
    const area = `${place(n * 5 + c * 3 + 1)}${suffix}`;
    const row: Row = {
      code: `${cityRows[c].code}-D${pad(n + 1, dw)}`,
      name: `${cityAreas[c]}${area}教育局`,
      shortNames: [`${area}教育局`],
      aliases: [],
      type: 'district_bureau',
      tags: [suffix === '县' ? '县级' : '区级'],
      parentCode: cityRows[c].code,
    };
    districtRows.push(row);
    districtAreas.push(area);
    lines.push(line(row));
  }

  const perDistrict = new Array<number>(districts).fill(0);
  const sw = Math.max(3, String(Math.ceil(schools / Math.max(1, districts))).length);
  for (let s = 0; s < schools; s++) {
    const d = s % districts;
    const k = perDistrict[d]++;
    lines.push(line(schoolRow(districtRows[d], districtAreas[d], k, `${districtRows[d].code}-S${pad(k + 1, sw)}`)));
  }
  return lines.join('\n') + '\n';
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? '20000');
  process.stdout.write(generateProvinceUnitsCsv(n));
}
