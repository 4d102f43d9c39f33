import { generateProvinceUnitsCsv } from '../../seeds/org/generate-large';
import { request, startApi, upload, type TestApi } from '../support/api';
import { signedIn, withAuth } from '../support/auth';

// the province generator's codes: P → P-C01 → P-C01-D01 → P-C01-D01-S001
const PROVINCE = `(u.code = 'P' or u.code like 'P-%')`;

describe('a 20,000-unit province file', () => {
  let api: TestApi;
  let admin: string;
  const bytes = Buffer.from(generateProvinceUnitsCsv(20_000));

  beforeAll(async () => {
    api = await startApi();
    admin = (await signedIn(api, 'admin')).accessToken;
  });
  afterAll(async () => api.close());

  const importFile = (dryRun: boolean) =>
    request<{ ok: boolean; rows: number; errorCount: number; summary: Record<string, number> }>(
      `${api.url}/api/org/units/import?dryRun=${dryRun}`,
      withAuth(admin, upload(bytes, 'province.csv')),
    );

  it('imports in one run with every parent resolved', async () => {
    const res = await importFile(false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, rows: 20_000, errorCount: 0, summary: { create: 20_000, update: 0, unchanged: 0 } });
    const [stats] = await api.db.query(
      `select count(*)::int as units,
              count(*) filter (where u.parent_id is null)::int as roots,
              count(*) filter (where u.code <> 'P' and u.code like p.code || '-%')::int as under_own_prefix,
              count(*) filter (where u.type = 'school')::int as schools
         from org_units u left join org_units p on p.id = u.parent_id
        where ${PROVINCE}`,
    );
    expect(stats.units).toBe(20_000);
    expect(stats.roots).toBe(1);
    expect(stats.under_own_prefix).toBe(19_999);
    expect(stats.schools).toBeGreaterThan(19_000);
  }, 120_000);

  it('a second import changes nothing', async () => {
    const [before] = await api.db.query(
      `select max(u.updated_at) as at, sum(u.xmin::text::bigint) as x from org_units u where ${PROVINCE}`,
    );
    const res = await importFile(false);
    expect(res.body.summary).toEqual({ create: 0, update: 0, unchanged: 20_000 });
    const [after] = await api.db.query(`select max(u.updated_at) as at, sum(u.xmin::text::bigint) as x from org_units u where ${PROVINCE}`);
    expect(after).toEqual(before);
  }, 120_000);
});
