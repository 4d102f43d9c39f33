import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedPlan } from '@duban/plan-parser';
import { request, upload } from '../support/api';
import { withAuth } from '../support/auth';
import { distinctTail } from '../support/plan-text';
import { World, type ErrorBody, type TaskView } from '../tasks/world';

const FIVE_YEAR = readFileSync(path.resolve(__dirname, '../fixtures/plans/five-year-plan.txt'), 'utf8');

interface DraftBody {
  planId: string;
  draftId: string;
  version: number;
  parsed: ParsedPlan;
}

interface SectionRow {
  title: string;
  deadlines: { date: string; phrase: string }[];
  sections: SectionRow[];
}

interface PlanRow {
  id: string;
  sections?: SectionRow[];
  year: number | null;
  periodFrom: number | null;
  periodTo: number | null;
}

describe('a five-year plan: its period in the model, the API and the draft; tasks due at its end', () => {
  let w: World;
  beforeAll(async () => {
    w = await World.create();
  });
  afterAll(async () => w.close());

  const importPlan = async (): Promise<DraftBody> => {
    const res = await request<DraftBody>(
      `${w.api.url}/api/plans/import`,
      withAuth(w.tokens.headZuzhi, upload(Buffer.from(FIVE_YEAR + distinctTail()), 'five-year.txt')),
    );
    expect(res.status).toBe(201);
    return res.body;
  };
  const editDraft = (planId: string, version: number, operations: unknown[]) =>
    w.call<DraftBody & ErrorBody>('headZuzhi', 'PATCH', `/api/plans/${planId}/draft`, { version, operations });

  it('imports the period, lets the draft change it (validated, audited, undoable) and confirms it into the plan', async () => {
    const draft = await importPlan();
    expect(draft.parsed.period).toEqual({ from: 2021, to: 2025 });
    expect(draft.parsed.year).toBeNull();
    const imported = await w.call<PlanRow>('headZuzhi', 'GET', `/api/plans/${draft.planId}`);
    expect(imported.body).toMatchObject({ year: null, periodFrom: 2021, periodTo: 2025 });

    // refused in Chinese: an end before the start, a year out of bounds, a span over fifteen years
    for (const period of [
      { from: 2025, to: 2021 },
      { from: 2021, to: 2101 },
      { from: 2021, to: 2040 },
    ]) {
      const bad = await editDraft(draft.planId, draft.version, [{ op: 'updatePlan', period }]);
      expect([bad.status, bad.body.error.code]).toEqual([400, 'DRAFT_OP_INVALID']);
      expect(bad.body.error.message).toMatch(/规划期/);
    }

    const edited = await editDraft(draft.planId, draft.version, [{ op: 'updatePlan', period: { from: 2021, to: 2027 } }]);
    expect(edited.status).toBe(200);
    expect(edited.body.parsed.period).toEqual({ from: 2021, to: 2027 });
    const [event] = await w.api.db.query(
      `SELECT after FROM audit_events WHERE action = 'plan.draft.edited' AND object_id = $1 ORDER BY id DESC LIMIT 1`,
      [draft.draftId],
    );
    expect(event.after.operations).toEqual([{ op: 'updatePlan', period: { from: 2021, to: 2027 } }]);
    const undone = await w.call<DraftBody>('headZuzhi', 'POST', `/api/plans/${draft.planId}/draft/undo`, { version: edited.body.version });
    expect(undone.body.parsed.period).toEqual({ from: 2021, to: 2025 });

    const confirmed = await w.call('headZuzhi', 'POST', `/api/plans/${draft.planId}/confirm`, { version: undone.body.version });
    expect(confirmed.status).toBe(200);
    const plan = await w.call<PlanRow>('headZuzhi', 'GET', `/api/plans/${draft.planId}`);
    expect(plan.body).toMatchObject({ year: null, periodFrom: 2021, periodTo: 2025 });
    const evaluation = plan.body.sections?.[1]?.sections[2];
    expect(evaluation?.deadlines).toEqual([{ date: '2022-12-31', phrase: '2022年底前' }]);
    const [confirmEvent] = await w.api.db.query(`SELECT after FROM audit_events WHERE action = 'plan.confirmed' AND object_id = $1`, [
      draft.planId,
    ]);
    expect(confirmEvent.after.period).toEqual({ from: 2021, to: 2025 });

    // a year inside the period lists the plan; a year outside does not
    const inside = await w.call<{ items: PlanRow[] }>('headZuzhi', 'GET', `/api/plans?year=2023&pageSize=100`);
    expect(inside.body.items.map((p) => p.id)).toContain(draft.planId);
    const outside = await w.call<{ items: PlanRow[] }>('headZuzhi', 'GET', `/api/plans?year=2026&pageSize=100`);
    expect(outside.body.items.map((p) => p.id)).not.toContain(draft.planId);
  });

  it('gives tasks the latest deadline of their point, else the end of the period, and assignments the same', async () => {
    const draft = await importPlan();
    const confirmed = await w.call('headZuzhi', 'POST', `/api/plans/${draft.planId}/confirm`, { version: draft.version });
    expect(confirmed.status).toBe(200);
    const tasks: TaskView[] = await w.decompose(draft.planId);
    expect(tasks.map((t) => [t.title, t.dueDate])).toEqual([
      // no deadline in the text: the period's end, not 2021-12-31
      ['强化政治引领', '2025-12-31'],
      ['建强干部队伍', '2023-12-31'],
      // “十四五”期末
      ['推进优质均衡发展', '2025-12-31'],
      ['扩大优质学位供给', '2024-12-31'],
      // no deadline of its own: its heading's （2022年底前完成）
      ['完善学校评价', '2022-12-31'],
    ]);
    const assigned = await w.call<{ assignments: { id: string }[] }>('headZuzhi', 'POST', `/api/tasks/${tasks[0]?.id}/assignments`, {
      units: [{ unitId: w.units.zuzhi, role: 'lead', ownerUserId: w.userIds.memberZuzhi }],
    });
    expect(assigned.status).toBe(201);
    const a = await w.assignment('headZuzhi', assigned.body.assignments[0]?.id as string);
    expect(a.body.dueDate).toBe('2025-12-31');
  });

  it('backfills a one-year period for a yearly plan', async () => {
    const planId = await w.confirmedPlan();
    const plan = await w.call<PlanRow>('headZuzhi', 'GET', `/api/plans/${planId}`);
    expect(plan.body.periodFrom).toBe(plan.body.year);
    expect(plan.body.periodTo).toBe(plan.body.year);
  });
});
