import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedOrgUnits } from '../../apps/cli/src/commands/seed-org';
import { encodeGb18030 } from '../../libs/org-import/test/gb18030';
import { jsonInit, request, startIsolatedApi, upload, type TestApi } from '../support/api';
import { createUnit, createUser, login, signedIn, withAuth } from '../support/auth';
import { planText } from '../support/plan-text';
import type { ImportReportBody } from '../support/import-report';
import { REPO_ROOT } from '../support/seeds';

type ImportBody = ImportReportBody;
interface TreeNode {
  id: string;
  code: string;
  name: string;
  type: string;
  tags: string[];
  children?: TreeNode[];
}

const SEED_FILE = readFileSync(path.join(REPO_ROOT, 'seeds/org/units.csv'), 'utf8');
/**
 * The sample district with its codes moved from DL… to SMP… (every code starts the line; every
 * parent code ends it). Other test files seed the real DL units into the same database at any
 * moment; this file needs a district only it writes to, to count creates and writes exactly.
 */
const SEED = Buffer.from(SEED_FILE.replace(/^DL/gm, 'SMP').replace(/,DL$/gm, ',SMP'));
const HEADER = 'code,name,short_names,aliases,type,tags,parent_code';

describe('org unit import through HTTP', () => {
  let api: TestApi;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    // a database of its own: it imports the sample district, which other suites' plans would match
    api = await startIsolatedApi();
    const a = await signedIn(api, 'admin');
    admin = a.accessToken;
    adminId = a.id;
  });
  afterAll(async () => api.close());

  const importFile = (bytes: Uint8Array, name: string, dryRun: boolean, token = admin) =>
    request<ImportBody & { error?: { code: string; details: ImportBody } }>(
      `${api.url}/api/org/units/import?dryRun=${dryRun}`,
      withAuth(token, upload(bytes, name)),
    );
  const count = async (sql: string, params: unknown[] = []): Promise<number> => Number((await api.db.query(sql, params))[0].n);
  const sampleUnits = () => count(`select count(*)::int as n from org_units where code = 'SMP' or code like 'SMP-%'`);
  // xmin changes whenever a row is rewritten: the sum proves "nothing was written"
  const sampleVersion = async (): Promise<string> =>
    (
      await api.db.query(`select string_agg(xmin::text || updated_at::text, ',' order by code) as v from org_units where code like 'SMP%'`)
    )[0].v;
  const orgAudit = () =>
    count(`select count(*)::int as n from audit_events where actor = $1 and object_type in ('org_import', 'org_unit')`, [adminId]);
  const unitId = async (code: string): Promise<string> => (await api.db.query(`select id from org_units where code = $1`, [code]))[0].id;

  it('dry-runs the sample district without writing anything', async () => {
    const res = await importFile(SEED, 'units.csv', true);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, dryRun: true, rows: 185, errors: [], summary: { create: 185, update: 0, unchanged: 0 } });
    expect(await sampleUnits()).toBe(0);
  });

  it('imports the sample district: 185 units, the tree and the tags', async () => {
    const audits = await orgAudit();
    const res = await importFile(SEED, 'units.csv', false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, dryRun: false, summary: { create: 185, update: 0, unchanged: 0 } });
    expect(await sampleUnits()).toBe(185);
    expect(await orgAudit()).toBe(audits + 1);

    const tree = await request<TreeNode[]>(`${api.url}/api/org/units/tree`, withAuth(admin));
    expect(tree.status).toBe(200);
    const sample = tree.body.find((n) => n.code === 'SMP')!;
    expect(sample.name).toBe('天津市东丽区教育局');
    expect(sample.children).toHaveLength(184);
    expect(sample.children!.filter((c) => c.type === 'department')).toHaveLength(23);
    expect(sample.children![0].type).toBe('department');
    expect(sample.children!.every((c) => !c.children)).toBe(true);

    const sampleId = await unitId('SMP');
    const primaries = await request<{ total: number; items: { tags: string[] }[] }>(
      `${api.url}/api/org/units?type=school&tag=小学&parentId=${sampleId}&pageSize=200`,
      withAuth(admin),
    );
    expect(primaries.body.total).toBe(70);
    const privatePrimary = await request<{ total: number }>(`${api.url}/api/org/units?tag=小学,民办&parentId=${sampleId}`, withAuth(admin));
    expect(privatePrimary.body.total).toBe(5);
    const jjk = await request<{ items: { code: string }[] }>(`${api.url}/api/org/units?q=基教科&parentId=${sampleId}`, withAuth(admin));
    expect(jjk.body.items.map((u) => u.code)).toEqual(['SMP-D-JJK']);
  });

  it('re-importing the same file reports everything unchanged and writes nothing', async () => {
    const version = await sampleVersion();
    const audits = await orgAudit();
    const res = await importFile(SEED, 'units.csv', false);
    expect(res.body).toMatchObject({ ok: true, summary: { create: 0, update: 0, unchanged: 185 } });
    expect(await sampleVersion()).toBe(version);
    expect(await orgAudit()).toBe(audits);
  });

  it('seeds the real sample file through the same import path, idempotently', async () => {
    // other test files may have seeded DL already: the first run creates or finds it, the second finds it
    const first = await seedOrgUnits(api.db);
    expect(first.ok).toBe(true);
    expect(first.summary.create + first.summary.update + first.summary.unchanged).toBe(185);
    const again = await seedOrgUnits(api.db);
    expect(again.summary).toEqual({ create: 0, update: 0, unchanged: 185 });
  });

  it('an edited row updates one unit, with before/after in the audit trail', async () => {
    const edited = SEED.toString('utf8').replace('SMP-D-DYK,德育科,,', 'SMP-D-DYK,德育科,德育办,');
    const res = await importFile(Buffer.from(edited), 'units.csv', false);
    expect(res.body.summary).toEqual({ create: 0, update: 1, unchanged: 184 });
    const [event] = await api.db.query(
      `select before, after from audit_events where action = 'org.unit.updated' and object_id = $1 order by id desc limit 1`,
      [await unitId('SMP-D-DYK')],
    );
    expect(event).toEqual({ before: { short_names: [] }, after: { short_names: ['德育办'], via: 'import' } });
    // and back, so later tests see the sample as committed
    expect((await importFile(SEED, 'units.csv', false)).body.summary.update).toBe(1);
  });

  it('a file with every kind of bad row: the dry run lists each, the real run imports nothing', async () => {
    const archived = await createUnit(api.db, { code: 'BADOLD', name: '已撤并小学', type: 'bureau' });
    await api.db.query(`update org_units set archived_at = now() where id = $1`, [archived.id]);
    const rows = [
      'BAD,坏文件教育局,,,bureau,,',
      ',缺编码小学,,,school,小学,BAD',
      'BAD 1,编码有空格,,,department,,BAD',
      'BAD-D1,科室一,,,department,,BAD',
      'BAD-D1,科室一重复,,,department,,BAD',
      'BAD-D2,,,,department,,BAD',
      'BAD-D3,研究所,,,科研所,,BAD',
      'BAD-S1,某小学,,,school,小学|重点校,BAD',
      'BAD-S2,某学校,,,school,公办,BAD',
      'BAD-S3,孤儿小学,,,school,小学,NOPE',
      'BAD-C1,循环甲,,,department,,BAD-C2',
      'BAD-C2,循环乙,,,department,,BAD-C1',
      `BAD-S4,${'长'.repeat(201)},,,school,小学,BAD`,
      'BAD-S5,"=HYPERLINK(""http://x"")",,,school,小学,BAD',
      'BAD-D4,无上级科室,,,department,,',
      'BAD-S7,自己上级,,,school,小学,BAD-S7',
      'BAD-S8,公民办,,,school,小学|公办|民办,BAD',
      'BAD-S9,多一列,,,school,小学,BAD,多余',
      'BAD-S10,缺类型,,,,小学,BAD',
      'BAD-S11,控制\u0007字符,,,school,小学,BAD',
      'BAD-S12,挂在撤并校下,,,school,小学,BADOLD',
      '@BAD-S13,公式编码,,,school,小学,BAD',
    ];
    const bytes = Buffer.from([HEADER, ...rows].join('\r\n'));
    const dry = await importFile(bytes, 'bad.csv', true);
    expect(dry.status).toBe(200);
    expect(dry.body.ok).toBe(false);
    const expected: [number, string, string][] = [
      [3, 'code', 'CODE_MISSING'],
      [4, 'code', 'CODE_INVALID'],
      [6, 'code', 'CODE_DUPLICATE'],
      [7, 'name', 'NAME_MISSING'],
      [8, 'type', 'TYPE_UNKNOWN'],
      [9, 'tags', 'TAG_UNKNOWN'],
      [10, 'tags', 'SCHOOL_LEVEL_MISSING'],
      [11, 'parent_code', 'PARENT_UNKNOWN'],
      [12, 'parent_code', 'CYCLE'],
      [13, 'parent_code', 'CYCLE'],
      [14, 'name', 'VALUE_TOO_LONG'],
      [15, 'name', 'FORMULA'],
      [16, 'parent_code', 'ROOT_TYPE'],
      [17, 'parent_code', 'PARENT_SELF'],
      [18, 'tags', 'TAG_CONFLICT'],
      [19, '第 8 列', 'ROW_TOO_MANY_FIELDS'],
      [20, 'type', 'TYPE_MISSING'],
      [21, 'name', 'CONTROL_CHAR'],
      [22, 'parent_code', 'PARENT_ARCHIVED'],
      [23, 'code', 'CODE_INVALID'],
    ];
    expect(dry.body.errors.map((e) => [e.line, e.column, e.code])).toEqual(expected);
    for (const e of dry.body.errors) expect(e.reason).toMatch(/[\u4e00-\u9fff]/);
    expect(dry.body.errors.find((e) => e.line === 8)).toMatchObject({ value: '科研所', reason: expect.stringContaining('未知类型') });

    const real = await importFile(bytes, 'bad.csv', false);
    expect(real.status).toBe(422);
    expect(real.body.error!.code).toBe('ORG_IMPORT_INVALID');
    expect(real.body.error!.details.errors.map((e) => [e.line, e.column, e.code])).toEqual(expected);
    expect(await count(`select count(*)::int as n from org_units where code like 'BAD-%' or code = 'BAD'`)).toBe(0);
  });

  it('imports a GB18030 CSV with Chinese headers and type names', async () => {
    const text = [
      '编码,名称,简称,别名,类型,标签,上级编码',
      'GB,国标区教育局,区教育局,,教育局,区级,',
      'GB-D1,基础教育科,基教科,义务教育科,科室,,GB',
      'GB-U1,国标区教师发展中心,教研室,,直属单位,,GB',
      'GB-S1,国标区实验小学,实验小学,,学校,小学|公办,GB',
    ].join('\r\n');
    const res = await importFile(encodeGb18030(text), '单位.csv', false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, encoding: 'gb18030', summary: { create: 4 } });
    const rows = await api.db.query(
      `select u.code, u.type, u.short_names, u.tags, p.code as parent from org_units u left join org_units p on p.id = u.parent_id
        where u.code like 'GB%' order by u.code`,
    );
    expect(rows).toEqual([
      { code: 'GB', type: 'bureau', short_names: ['区教育局'], tags: ['区级'], parent: null },
      { code: 'GB-D1', type: 'department', short_names: ['基教科'], tags: [], parent: 'GB' },
      { code: 'GB-S1', type: 'school', short_names: ['实验小学'], tags: ['小学', '公办'], parent: 'GB' },
      { code: 'GB-U1', type: 'direct_unit', short_names: ['教研室'], tags: [], parent: 'GB' },
    ]);
  });

  it('imports an .xlsx built with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['编码', '名称', '简称', '类型', '标签', '上级编码']);
    ws.addRow(['XL', 'Excel区教育局', '', '区县教育局', '', '']);
    ws.addRow(['XL-S1', 'Excel区第一小学', '第一小学', '学校', '小学|民办', 'XL']);
    ws.addRow(['XL-S2', 'Excel区幼儿园', '', '学校', '幼儿园、公办', 'XL']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await importFile(bytes, 'units.xlsx', false);
    expect(res.body).toMatchObject({ ok: true, format: 'xlsx', summary: { create: 3 } });
    const [kg] = await api.db.query(`select tags from org_units where code = 'XL-S2'`);
    expect(kg.tags).toEqual(['幼儿园', '公办']);
    expect((await importFile(bytes, 'units.xlsx', false)).body.summary).toEqual({ create: 0, update: 0, unchanged: 3 });
  });

  it.each(['csv', 'xlsx'])('export as %s, import again: nothing changes', async (format) => {
    const res = await fetch(`${api.url}/api/org/units/export?format=${format}`, withAuth(admin));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="org-units-\\d{8}\\.${format}"`));
    const bytes = Buffer.from(await res.arrayBuffer());
    const dry = await importFile(bytes, `export.${format}`, true);
    expect(dry.status).toBe(200);
    expect(dry.body.summary.create).toBe(0);
    expect(dry.body.summary.update).toBe(0);
    expect(dry.body.summary.unchanged).toBeGreaterThanOrEqual(185 + 4 + 3);
    // units other test files insert straight into the database (bypassing the rules) may be
    // refused; every unit this file imported must come back unchanged
    const ours = /^(SMP|GB|XL)(-|$)/;
    for (const e of dry.body.errors) expect(e.value ?? '').not.toMatch(ours);
  });

  it('refuses imports from non-admins (403) and anonymous callers (401)', async () => {
    const head = await signedIn(api, 'department_head');
    expect((await importFile(SEED, 'units.csv', true, head.accessToken)).status).toBe(403);
    const member = await signedIn(api, 'unit_member');
    expect((await importFile(SEED, 'units.csv', false, member.accessToken)).status).toBe(403);
    expect((await request(`${api.url}/api/org/units/import?dryRun=true`, upload(SEED, 'units.csv'))).status).toBe(401);
    // but members may read the tree
    expect((await request(`${api.url}/api/org/units/tree`, withAuth(member.accessToken))).status).toBe(200);
  });

  it('refuses an upload over 10 MB with 413 and a non-multipart body with 415', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    const res = await importFile(big, 'big.csv', true);
    expect(res.status).toBe(413);
    expect((res.body as unknown as { error: { code: string } }).error.code).toBe('ORG_IMPORT_TOO_LARGE');
    const json = await request(`${api.url}/api/org/units/import`, withAuth(admin, jsonInit('POST', {})));
    expect(json.status).toBe(415);
  });

  it('refuses a file over the row limit without reading its rows', async () => {
    const lines = [HEADER, ...Array.from({ length: 100_001 }, (_, i) => `R${i},校${i},,,school,小学,DL`)];
    const res = await importFile(Buffer.from(lines.join('\n')), 'many.csv', true);
    expect(res.body.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS', line: 100_002 })]);
  });

  describe('unit matches of a confirmed plan', () => {
    let planId: string;
    beforeAll(async () => {
      const text = planText('东丽区教育局2024年工作要点', [
        {
          title: '加强党的建设',
          points: [
            '强化政治引领，全年组织专题培训不少于4次。（责任单位：组织科）',
            '推进校长负责制，6月底前完成章程修订。（牵头单位：基教科；配合单位：各中小学）',
          ],
        },
        { title: '推进学前教育', points: ['扩大普惠资源，新增学位2430个。（责任单位：学前教育科、某某办）'] },
      ]);
      const draft = await request<{ planId: string; version: number }>(
        `${api.url}/api/plans/import`,
        withAuth(admin, upload(Buffer.from(text), 'plan.txt')),
      );
      expect(draft.status).toBe(201);
      planId = draft.body.planId;
      const confirmed = await request(
        `${api.url}/api/plans/${planId}/confirm`,
        withAuth(admin, jsonInit('POST', { version: draft.body.version })),
      );
      expect(confirmed.status).toBe(200);
    });

    it('maps every mention to a unit or a set, and lists the unmatched ones', async () => {
      const sampleId = await unitId('SMP');
      const head = await createUser(api.db, { units: [{ unitId: await unitId('SMP-D-JJK'), role: 'department_head' }] });
      const token = (await login(api.url, head.username, head.password)).accessToken;
      const res = await request<{
        summary: Record<string, number>;
        items: { mention: string; kind: string; unitIds: string[]; confidence: number; role: string; pointNumber: number }[];
        unmatched: { mention: string; reason: string }[];
        units: Record<string, { code: string }>;
      }>(`${api.url}/api/plans/${planId}/unit-matches?scopeId=${sampleId}`, withAuth(token));
      expect(res.status).toBe(200);
      const byMention = new Map(res.body.items.map((i) => [i.mention, i]));
      expect(res.body.units[byMention.get('组织科')!.unitIds[0]].code).toBe('SMP-D-ZZK');
      expect(byMention.get('基教科')).toMatchObject({ kind: 'unit', confidence: 1, role: 'lead', pointNumber: 2 });
      expect(byMention.get('各中小学')).toMatchObject({ kind: 'set', role: 'cooperating' });
      expect(byMention.get('各中小学')!.unitIds.length).toBeGreaterThan(90);
      expect(res.body.unmatched.map((u) => u.mention)).toEqual(['某某办']);
      expect(res.body.summary).toMatchObject({ unmatched: 1 });
      expect(res.body.summary.mentions).toBe(res.body.items.length);
    });

    it('refuses a plan that is not confirmed, and members without plan access', async () => {
      const draft = await request<{ planId: string }>(
        `${api.url}/api/plans/import`,
        withAuth(
          admin,
          upload(Buffer.from(planText('草稿计划', [{ title: '一项', points: ['做一件事。（责任单位：基教科）'] }])), 'p.txt'),
        ),
      );
      expect((await request(`${api.url}/api/plans/${draft.body.planId}/unit-matches`, withAuth(admin))).status).toBe(409);
      const member = await signedIn(api, 'unit_member');
      expect((await request(`${api.url}/api/plans/${planId}/unit-matches`, withAuth(member.accessToken))).status).toBe(403);
    });
  });
});
