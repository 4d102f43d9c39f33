import { randomBytes } from 'node:crypto';
import { request, startApi, upload, type TestApi } from '../support/api';
import { createUser, login, signedIn, withAuth } from '../support/auth';
import type { ImportReportBody } from '../support/import-report';

/** The supervision-office flag (督查室) through the org import: optional column, tri-state, audited, and what it grants. */
describe('org import: the optional 督查室 column', () => {
  let api: TestApi;
  let admin: string;
  const p = `SV${randomBytes(3).toString('hex').toUpperCase()}`;
  const importCsv = (text: string) =>
    request<ImportReportBody & { error?: { code: string; message: string; details: ImportReportBody } }>(
      `${api.url}/api/org/units/import?dryRun=false`,
      withAuth(admin, upload(Buffer.from(text), 'units.csv')),
    );
  const flag = async (code: string): Promise<boolean> =>
    (await api.db.query(`SELECT is_supervision_office AS f FROM org_units WHERE code = $1`, [code]))[0].f;
  const routingStatus = async (token: string) =>
    (await request(`${api.url}/api/plans/00000000-0000-4000-8000-000000000000/routing`, withAuth(token))).status;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES_PER_IP: 1_000_000 });
    admin = (await signedIn(api, 'admin')).accessToken;
  });
  afterAll(() => api.close());

  it('sets, keeps and clears the flag; the office member gains and loses plans:route', async () => {
    const withFlag = (office: string) =>
      `code,name,type,parent_code,督查室\n${p},${p}教育局,bureau,,\n${p}-DCS,${p}督查室,department,${p},${office}\n${p}-JJK,${p}基教科,department,${p},\n`;
    const created = await importCsv(withFlag('是'));
    expect(created.status).toBe(200);
    expect(created.body.summary).toMatchObject({ create: 3 });
    expect(await flag(`${p}-DCS`)).toBe(true);
    expect(await flag(`${p}-JJK`)).toBe(false);

    const [unit] = await api.db.query(`SELECT id FROM org_units WHERE code = $1`, [`${p}-DCS`]);
    const user = await createUser(api.db, { units: [{ unitId: unit.id, role: 'unit_member' }] });
    const token = (await login(api.url, user.username, user.password)).accessToken;
    expect(await routingStatus(token)).toBe(404); // past the guard: the plan does not exist

    // a file without the column (an export, say) leaves the flag as it is
    const plain = await importCsv(`code,name,type,parent_code\n${p},${p}教育局,bureau,\n${p}-DCS,${p}督查室,department,${p}\n`);
    expect(plain.body.summary).toMatchObject({ update: 0, unchanged: 2 });
    expect(await flag(`${p}-DCS`)).toBe(true);

    const cleared = await importCsv(withFlag('否'));
    expect(cleared.body.summary).toMatchObject({ update: 1 });
    expect(await flag(`${p}-DCS`)).toBe(false);
    const [audit] = await api.db.query(
      `SELECT before, after FROM audit_events WHERE action = 'org.unit.updated' AND object_id = $1 ORDER BY at DESC LIMIT 1`,
      [unit.id],
    );
    expect(audit).toMatchObject({ before: { is_supervision_office: true }, after: { is_supervision_office: false } });
    expect(await routingStatus(token)).toBe(403); // permissions follow the flag at the next request
  });

  it('refuses a value other than 是/否 with a Chinese row error, writing nothing', async () => {
    const res = await importCsv(`code,name,type,parent_code,督查室\n${p}-X,${p}某科,department,${p},可能\n`);
    expect(res.status).toBe(422);
    expect(res.body.error?.details.errors).toEqual([
      expect.objectContaining({ line: 2, column: '督查室', code: 'FLAG_INVALID', reason: expect.stringMatching(/只能填“是”或“否”/) }),
    ]);
    expect((await api.db.query(`SELECT count(*)::int AS n FROM org_units WHERE code = $1`, [`${p}-X`]))[0].n).toBe(0);
  });
});
