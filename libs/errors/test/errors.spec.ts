import { DubanError, formatChinaTime, httpStatusOf, versionConflict, type Queryable } from '@duban/errors';

const lastChange = (row: { actor: string | null; at: Date; display_name: string | null } | undefined): Queryable => ({
  query: async () => (row ? [row] : []),
});

describe('error codes and their HTTP status', () => {
  it.each([
    ['VALIDATION_FAILED', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['TASK_NOT_FOUND', 404],
    ['VERSION_CONFLICT', 409],
    ['EVIDENCE_TOO_LARGE', 413],
    ['URI_TOO_LONG', 414],
    ['UPLOAD_NOT_MULTIPART', 415],
    ['PLAN_NO_STRUCTURE', 422],
    ['ACCOUNT_LOCKED', 423],
    ['LOGIN_THROTTLED', 429],
    ['EVIDENCE_FILE_MISSING', 503],
  ] as const)('%s → %i, and a DubanError with it carries that status', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
    expect(new DubanError(code, '消息').status).toBe(status);
  });

  it('one forbidden helper names the refused permission', () => {
    const e = DubanError.forbidden(undefined, 'plans:read');
    expect([e.code, e.status, e.messageZh, e.details]).toEqual(['FORBIDDEN', 403, '没有权限执行此操作', { required: 'plans:read' }]);
  });
});

describe('the version conflict message', () => {
  const at = new Date('2021-03-02T02:05:00Z'); // 10:05 in China
  const record = { objectType: 'assignment', objectId: 'a1', current: { state: 'submitted', version: 3 }, stateLabel: '待审核' };

  it('names who changed the record, when (China time) and its state now', async () => {
    const e = await versionConflict(lastChange({ actor: 'u2', at, display_name: '张三' }), record, 'u1');
    expect(e.code).toBe('VERSION_CONFLICT');
    expect(e.status).toBe(409);
    expect(e.messageZh).toBe('该记录已被张三于 2021年3月2日 10:05 修改（当前状态：待审核），请刷新后重试');
    expect(e.details).toMatchObject({ state: 'submitted', version: 3, changedBy: { id: 'u2', name: '张三' } });
  });

  it('says so when the last change was the caller’s own, without blaming others', async () => {
    const e = await versionConflict(lastChange({ actor: 'u1', at, display_name: '李四' }), record, 'u1');
    expect(e.messageZh).toContain('您已于 2021年3月2日 10:05 修改过该记录');
    expect(e.messageZh).not.toContain('他人');
    expect(e.messageZh).not.toContain('李四');
  });

  it('without an audit trail it says only that the record changed', async () => {
    const e = await versionConflict(lastChange(undefined), { ...record, stateLabel: undefined }, 'u1');
    expect(e.messageZh).toBe('该记录已被修改，请刷新后重试');
  });

  it('formats moments in China time across a date line', () => {
    expect(formatChinaTime(new Date('2021-12-31T16:30:00Z'))).toBe('2022年1月1日 00:30');
  });
});
