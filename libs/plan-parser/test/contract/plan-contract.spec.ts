import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSamplePlan, SAMPLE_PLANS } from '../../../../tests/fixtures/plans';
import { parsePlan, parsePlanText, type ParsedPlan } from '../../src';
import { planContractErrors } from './plan-contract';

const FIXTURE_DIRS = ['../structure/fixtures', '../extract/fixtures'].map((d) => path.resolve(__dirname, d));
const fixtureFiles = FIXTURE_DIRS.flatMap((dir) => readdirSync(dir).map((name) => path.join(dir, name)));

/** A parse of the dongli-2021 sample, round-tripped through JSON as the CLI prints it. */
function sampleJson(): ParsedPlan {
  return JSON.parse(JSON.stringify(parsePlanText({ text: readSamplePlan('dongli-2021'), encoding: 'utf-8', format: 'txt' }))) as ParsedPlan;
}

/** Every plan the repository holds for tests: the sample plans and the parser's fixture files. */
const sources: [string, () => Promise<ParsedPlan>][] = [
  ...SAMPLE_PLANS.map((name): [string, () => Promise<ParsedPlan>] => [
    `sample plan ${name}`,
    () => Promise.resolve(parsePlanText({ text: readSamplePlan(name), encoding: 'utf-8', format: 'txt' })),
  ]),
  ...fixtureFiles.map((file): [string, () => Promise<ParsedPlan>] => [
    `fixture ${path.relative(path.resolve(__dirname, '..'), file)}`,
    () => parsePlan(readFileSync(file), path.basename(file)),
  ]),
];

describe('the plan contract (contract/plan.schema.json)', () => {
  const parsed: ParsedPlan[] = [];

  it('there are fixture files to check', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(9);
  });

  it.each(sources)('the parse of %s follows it', async (_name, parse) => {
    // as the CLI prints it and the API returns it: through JSON
    const plan = JSON.parse(JSON.stringify(await parse())) as ParsedPlan;
    expect(plan.sections.length).toBeGreaterThan(0);
    expect(planContractErrors(plan)).toEqual([]);
    parsed.push(plan);
  });

  it('together the parses exercise every optional part the schema describes', () => {
    expect(parsed).toHaveLength(sources.length);
    const points = parsed.flatMap((plan) => {
      const walk = (sections: ParsedPlan['sections']): ParsedPlan['sections'][0]['points'] =>
        sections.flatMap((s) => [...s.points, ...walk(s.sections)]);
      return walk(plan.sections);
    });
    expect(points.some((p) => p.units.length > 0)).toBe(true);
    expect(points.some((p) => p.deadlines.length > 0)).toBe(true);
    expect(points.some((p) => p.recurrence.length > 0)).toBe(true);
    expect(points.some((p) => p.targets.length > 0)).toBe(true);
    expect(parsed.some((plan) => plan.indicators.length > 0)).toBe(true);
    expect(parsed.some((plan) => plan.period !== null)).toBe(true);
    expect(parsed.some((plan) => plan.warnings.length > 0)).toBe(true);
  });

  // the schema must be able to refuse: each break below is one the Python checker reported
  const breaks: [string, (p: ParsedPlan & Record<string, unknown>) => void, string][] = [
    ['a missing title', (p) => delete (p as Partial<ParsedPlan>).title, "must have required property 'title'"],
    ['a year as a string', (p) => Object.assign(p, { year: '2021' }), '/year: must be integer,null'],
    ['a fractional year', (p) => Object.assign(p, { year: 2021.5 }), '/year: must be integer,null'],
    ['a period without "to"', (p) => Object.assign(p, { period: { from: 2021 } }), '/period'],
    ['an unknown format', (p) => Object.assign(p, { format: 'doc' }), '/format: must be equal to one of the allowed values'],
    ['a missing encoding', (p) => delete (p as Partial<ParsedPlan>).encoding, "must have required property 'encoding'"],
    ['a section ordinal as a boolean', (p) => Object.assign(p.sections[0]!, { ordinal: true }), '/sections/0/ordinal: must be integer'],
    [
      'a point number as a string',
      (p) => Object.assign(p.sections[0]!.points[0]!, { number: '1' }),
      '/sections/0/points/0/number: must be integer',
    ],
    [
      'a point without units',
      (p) => delete (p.sections[0]!.points[0] as Partial<ParsedPlan['sections'][0]['points'][0]>).units,
      "must have required property 'units'",
    ],
    [
      'a unit role outside lead|cooperating|responsible',
      (p) => p.sections[0]!.points[0]!.units.push({ name: '组织科', role: 'owner' as 'lead' }),
      '/role: must be equal to one of the allowed values',
    ],
    [
      'a deadline date not YYYY-MM-DD',
      (p) => p.sections[0]!.points[0]!.deadlines.push({ date: '2021/06/30', phrase: '6月底前' }),
      '/date: must match pattern',
    ],
    [
      'a recurrence every "day"',
      (p) => p.sections[0]!.points[0]!.recurrence.push({ every: 'day' as 'week', phrase: '每天' }),
      '/every: must be equal to one of the allowed values',
    ],
    [
      'a target comparator "≥"',
      (p) => p.sections[0]!.points[0]!.targets.push({ phrase: '≥90%', metric: '入园率', value: 90, unit: '%', comparator: '≥' as '>=' }),
      '/comparator: must be equal to one of the allowed values',
    ],
    [
      'a target value as a string',
      (p) =>
        p.sections[0]!.points[0]!.targets.push({
          phrase: '90%',
          metric: '入园率',
          value: '90' as unknown as number,
          unit: '%',
          comparator: '>=',
        }),
      '/value: must be number',
    ],
    [
      'an indicator baseline without a value',
      (p) => p.indicators.push({ name: '入园率', unit: '%', baseline: { year: 2020 } as { year: number; value: number }, target: null }),
      '/indicators/0/baseline',
    ],
    [
      'a warning without a line',
      (p) => p.warnings.push({ message: '无法解析' } as ParsedPlan['warnings'][0]),
      "/warnings/0: must have required property 'line'",
    ],
    ['sections as an object', (p) => Object.assign(p, { sections: {} }), '/sections: must be array'],
  ];

  it.each(breaks)('refuses %s', (_name, breakIt, message) => {
    const plan = sampleJson() as ParsedPlan & Record<string, unknown>;
    expect(planContractErrors(plan)).toEqual([]);
    breakIt(plan);
    const errors = planContractErrors(plan);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(message);
  });

  it('allows nulls exactly where the contract does (year, period, indicator baseline and target)', () => {
    const plan = sampleJson();
    Object.assign(plan, { year: null, period: null });
    plan.indicators.push({ name: '入园率', unit: '%', baseline: null, target: null });
    expect(planContractErrors(plan)).toEqual([]);
    for (const field of ['title', 'encoding', 'preamble', 'sections', 'indicators', 'warnings']) {
      expect(planContractErrors({ ...plan, [field]: null })).not.toEqual([]);
    }
  });
});
