import { createUnit, signedIn, withAuth } from '../support/auth';
import { assertRequiredEvidenceAccepted } from '@duban/work';
import { DubanError } from '@duban/errors';
import { createAssignment, createTask, setAssignmentState } from './support/factories';
import { SAMPLES } from './support/http';
import { call, createWorld, newAssignment, uploadEvidence, type EvidenceBody, type ListBody, type World } from './support/world';

describe('evidence review', () => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld();
  });
  afterAll(async () => w.close());

  const upload = async (assignmentId: string, name = '活动照片.png', fields: Record<string, string> = {}) => {
    const res = await uploadEvidence(w, w.member, assignmentId, name.endsWith('.png') ? SAMPLES.png() : SAMPLES.pdf(name), name, fields);
    expect(res.status).toBe(201);
    return res.body;
  };
  const auditOf = async (id: string) =>
    (await w.api.db.query(`select action, actor, before, after from audit_events where object_id = $1 order by id`, [id])) as {
      action: string;
      actor: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }[];

  it('the head returns a file with a reason, the unit resubmits, the head accepts: all audited', async () => {
    const { assignmentId } = await newAssignment(w);
    const first = await upload(assignmentId, '实施方案.pdf');

    const noReason = await call(w, w.head, 'POST', `/api/evidence/${first.id}/return`, { reason: '   ' });
    expect(noReason.status).toBe(400);
    const returned = await call<EvidenceBody>(w, w.head, 'POST', `/api/evidence/${first.id}/return`, {
      reason: '缺少盖章页，请补充后重新上传',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ reviewState: 'returned', reviewReason: '缺少盖章页，请补充后重新上传' });

    // resubmission is a new file; the returned one stays visible with its reason
    const second = await upload(assignmentId, '实施方案（盖章版）.pdf');
    const accepted = await call<EvidenceBody>(w, w.head, 'POST', `/api/evidence/${second.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ reviewState: 'accepted', reviewReason: null, reviewedBy: { id: w.head.id } });
    const again = await call(w, w.head, 'POST', `/api/evidence/${second.id}/accept`);
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('EVIDENCE_REVIEW_CONFLICT');

    const list = await call<ListBody>(w, w.member, 'GET', `/api/assignments/${assignmentId}/evidence`);
    expect(list.body.items.map((i) => [i.fileName, i.reviewState, i.reviewReason])).toEqual([
      ['实施方案.pdf', 'returned', '缺少盖章页，请补充后重新上传'],
      ['实施方案（盖章版）.pdf', 'accepted', null],
    ]);

    expect(await auditOf(first.id)).toEqual([
      expect.objectContaining({ action: 'evidence.uploaded', actor: w.member.id }),
      expect.objectContaining({
        action: 'evidence.returned',
        actor: w.head.id,
        before: expect.objectContaining({ reviewState: 'pending' }),
        after: expect.objectContaining({ reviewState: 'returned', reviewReason: '缺少盖章页，请补充后重新上传', assignmentId }),
      }),
    ]);
    expect((await auditOf(second.id)).map((a) => [a.action, a.actor])).toEqual([
      ['evidence.uploaded', w.member.id],
      ['evidence.accepted', w.head.id],
    ]);
  });

  it('only the reviewer decides: the unit gets 403, another school 404, a leader 403', async () => {
    const { assignmentId } = await newAssignment(w);
    const file = await upload(assignmentId);
    const byUnit = await call(w, w.member, 'POST', `/api/evidence/${file.id}/accept`);
    expect(byUnit.status).toBe(403);
    expect(byUnit.body.error).toMatchObject({ code: 'EVIDENCE_NOT_REVIEWER', message: expect.stringMatching(/审核人/) });
    expect((await call(w, w.otherMember, 'POST', `/api/evidence/${file.id}/accept`)).status).toBe(404);
    // leaders read everything and decide nothing
    expect((await call(w, w.leader, 'POST', `/api/evidence/${file.id}/accept`)).status).toBe(403);
    expect((await call<ListBody>(w, w.leader, 'GET', `/api/assignments/${assignmentId}/evidence`)).body.items).toHaveLength(1);
    expect((await auditOf(file.id)).map((a) => a.action)).toEqual(['evidence.uploaded']);
  });

  it('hides a school’s evidence from another school: list and download are 404', async () => {
    const { assignmentId } = await newAssignment(w);
    const file = await upload(assignmentId);
    expect((await call(w, w.otherMember, 'GET', `/api/assignments/${assignmentId}/evidence`)).status).toBe(404);
    const dl = await fetch(`${w.api.url}/api/evidence/${file.id}/download`, withAuth(w.otherMember.token));
    expect(dl.status).toBe(404);
    expect(await dl.json()).toMatchObject({ error: { code: 'EVIDENCE_NOT_FOUND' } });
    expect((await call(w, w.otherMember, 'DELETE', `/api/evidence/${file.id}`)).status).toBe(404);
  });

  it('a lead unit reviews its cooperating unit’s evidence', async () => {
    const task = await createTask(w.api.db, { ownerUnitId: w.departmentId });
    await createAssignment(w.api.db, { taskId: task.taskId, unitId: w.otherSchoolId, role: 'lead' });
    const coop = await createAssignment(w.api.db, { taskId: task.taskId, unitId: w.schoolId, role: 'cooperating' });
    const file = await upload(coop);
    expect((await call(w, w.otherMember, 'POST', `/api/evidence/${file.id}/accept`)).status).toBe(200);
  });

  it('the unit withdraws pending or returned files, not accepted ones; the same bytes can then come again', async () => {
    const { assignmentId } = await newAssignment(w);
    const bytes = SAMPLES.pdf('统计表');
    const first = (await uploadEvidence(w, w.member, assignmentId, bytes, '统计表.pdf')).body;
    expect((await call(w, w.head, 'DELETE', `/api/evidence/${first.id}`)).status).toBe(403);
    expect((await call(w, w.member, 'DELETE', `/api/evidence/${first.id}`)).status).toBe(204);
    expect((await call<ListBody>(w, w.member, 'GET', `/api/assignments/${assignmentId}/evidence`)).body.items).toEqual([]);
    const withdrawn = await call<ListBody>(w, w.member, 'GET', `/api/assignments/${assignmentId}/evidence?includeWithdrawn=true`);
    expect(withdrawn.body.items).toEqual([expect.objectContaining({ id: first.id, withdrawnAt: expect.any(String) })]);
    expect((await fetch(`${w.api.url}/api/evidence/${first.id}/download`, withAuth(w.head.token))).status).toBe(404);
    expect((await call(w, w.member, 'DELETE', `/api/evidence/${first.id}`)).status).toBe(404);
    expect((await auditOf(first.id)).map((a) => [a.action, a.actor])).toEqual([
      ['evidence.uploaded', w.member.id],
      ['evidence.withdrawn', w.member.id],
    ]);

    const again = await uploadEvidence(w, w.member, assignmentId, bytes, '统计表.pdf');
    expect(again.status).toBe(201);
    await call(w, w.head, 'POST', `/api/evidence/${again.body.id}/accept`);
    const refused = await call(w, w.member, 'DELETE', `/api/evidence/${again.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('EVIDENCE_NOT_WITHDRAWABLE');
  });

  it('freezes evidence of an approved assignment', async () => {
    const { assignmentId } = await newAssignment(w);
    const file = await upload(assignmentId);
    await setAssignmentState(w.api.db, assignmentId, 'approved');
    const res = await call(w, w.head, 'POST', `/api/evidence/${file.id}/return`, { reason: '太晚了' });
    expect(res.status).toBe(409);
    expect(res.body.error?.code).toBe('EVIDENCE_ASSIGNMENT_CLOSED');
    expect((await call(w, w.member, 'DELETE', `/api/evidence/${file.id}`)).status).toBe(409);
  });

  describe('checklist', () => {
    it('the owning head sets the checklist; others may not', async () => {
      const { taskId, assignmentId } = await newAssignment(w, { requirements: ['实施方案'] });
      const path = `/api/tasks/${taskId}/evidence-requirements`;
      const linked = await upload(assignmentId, '方案.pdf', {
        requirementId: (await call<{ id: string }[]>(w, w.head, 'GET', path)).body[0].id,
      });

      const put = await call<{ id: string; name: string }[]>(w, w.head, 'PUT', path, {
        items: [{ name: '实施方案' }, { name: '活动照片' }, { name: '统计表' }],
      });
      expect(put.status).toBe(200);
      expect(put.body.map((r) => r.name)).toEqual(['实施方案', '活动照片', '统计表']);
      // the existing item kept its id, so the linked file stays linked
      expect(put.body[0].id).toBe(linked.requirementId);

      const renamed = await call<{ id: string; name: string }[]>(w, w.head, 'PUT', path, {
        items: [{ id: put.body[0].id, name: '工作实施方案' }, { name: '统计表' }],
      });
      expect(renamed.body.map((r) => r.name)).toEqual(['工作实施方案', '统计表']);
      expect(renamed.body[0].id).toBe(linked.requirementId);

      expect((await call(w, w.member, 'GET', path)).status).toBe(200);
      // a unit member lacks tasks:manage; another school cannot see the task
      expect((await call(w, w.member, 'PUT', path, { items: [] })).status).toBe(403);
      expect((await call(w, w.otherMember, 'GET', path)).status).toBe(404);
      const otherDepartment = await createUnit(w.api.db, { type: 'department' });
      const otherHead = await signedIn(w.api, 'department_head', otherDepartment.id);
      expect((await call(w, { id: otherHead.id, token: otherHead.accessToken }, 'PUT', path, { items: [] })).status).toBe(404);
      const duplicated = await call(w, w.admin, 'PUT', path, { items: [{ name: '统计表' }, { name: '统计表' }] });
      expect(duplicated.status).toBe(400);
      expect(duplicated.body.error?.code).toBe('EVIDENCE_REQUIREMENT_DUPLICATE');
      expect((await call(w, w.head, 'PUT', path, { items: [{ name: '' }] })).status).toBe(400);

      const audit = await w.api.db.query(`select action, after from audit_events where object_id = $1 order by id`, [taskId]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'task.evidence_requirements.updated',
        'task.evidence_requirements.updated',
      ]);
    });

    it('blocks approval until every required item has an accepted, live file', async () => {
      const { assignmentId, requirements } = await newAssignment(w, { requirements: ['实施方案', '活动照片', '统计表'] });
      const check = () => w.api.db.transaction((m) => assertRequiredEvidenceAccepted(m, assignmentId));
      const missing = async (): Promise<string[]> => {
        try {
          await check();
          return [];
        } catch (e) {
          expect(e).toBeInstanceOf(DubanError);
          expect(e).toMatchObject({ code: 'EVIDENCE_CHECKLIST_INCOMPLETE', status: 422 });
          return (e as DubanError & { details: { missing: { name: string }[] } }).details.missing.map((i) => i.name);
        }
      };
      expect(await missing()).toEqual(['实施方案', '活动照片', '统计表']);

      const plan = await upload(assignmentId, '方案.pdf', { requirementId: requirements['实施方案'] });
      const photo = await upload(assignmentId, '照片.png', { requirementId: requirements['活动照片'] });
      const table = await upload(assignmentId, '统计表.pdf', { requirementId: requirements['统计表'] });
      // pending files do not count
      expect(await missing()).toEqual(['实施方案', '活动照片', '统计表']);
      for (const f of [plan, photo, table]) await call(w, w.head, 'POST', `/api/evidence/${f.id}/accept`);
      await expect(check()).resolves.toBeUndefined();

      // a returned file no longer counts, and the message names what is missing in Chinese
      await call(w, w.head, 'POST', `/api/evidence/${photo.id}/return`, { reason: '照片模糊' });
      await expect(check()).rejects.toMatchObject({ messageZh: expect.stringContaining('活动照片') });
      const retake = await upload(assignmentId, '照片（清晰）.png', { requirementId: requirements['活动照片'] });
      await call(w, w.head, 'POST', `/api/evidence/${retake.id}/accept`);
      await expect(check()).resolves.toBeUndefined();

      const list = await call<ListBody>(w, w.member, 'GET', `/api/assignments/${assignmentId}/evidence`);
      expect(list.body.checklist.map((c) => c.status)).toEqual(['accepted', 'accepted', 'accepted']);
    });

    it('a task without a checklist never blocks approval', async () => {
      const { assignmentId } = await newAssignment(w);
      await expect(w.api.db.transaction((m) => assertRequiredEvidenceAccepted(m, assignmentId))).resolves.toBeUndefined();
    });
  });
});
