import type { AuthUser, UnitMembership } from './auth-user';
import { actorsFor, canSeeAssignment, type AssignmentFacts } from './assignment-access';
import { canManageTask } from './task-access';

const user = (units: UnitMembership[], globalRoles: AuthUser['globalRoles'] = []): AuthUser => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  globalRoles,
  units,
  permissions: [],
  sessionId: 's',
});

// 组织科 owns the task and leads it; 基教科 cooperates; a school is responsible
const lead: AssignmentFacts = { unitId: 'zuzhi', role: 'lead', taskOwnerUnitId: 'zuzhi', leadUnitId: 'zuzhi' };
const coop: AssignmentFacts = { unitId: 'jijiao', role: 'cooperating', taskOwnerUnitId: 'zuzhi', leadUnitId: 'zuzhi' };
const school: AssignmentFacts = { unitId: 'schoolA', role: 'responsible', taskOwnerUnitId: 'zuzhi', leadUnitId: 'zuzhi' };

const admin = user([], ['admin']);
const leader = user([], ['leader']);
const headZuzhi = user([{ unitId: 'zuzhi', role: 'department_head' }]);
const memberZuzhi = user([{ unitId: 'zuzhi', role: 'unit_member' }]);
const headJijiao = user([{ unitId: 'jijiao', role: 'department_head' }]);
const memberJijiao = user([{ unitId: 'jijiao', role: 'unit_member' }]);
const memberA = user([{ unitId: 'schoolA', role: 'unit_member' }]);
const memberB = user([{ unitId: 'schoolB', role: 'unit_member' }]);
const nobody = user([]);

describe('assignment access rules', () => {
  it.each([
    ['admin', admin, [true, true, true]],
    ['leader', leader, [true, true, true]],
    ['owner head', headZuzhi, [true, true, true]],
    ['lead unit member', memberZuzhi, [true, true, false]],
    ['cooperating head', headJijiao, [false, true, false]],
    ['cooperating member', memberJijiao, [false, true, false]],
    ['the school', memberA, [false, false, true]],
    ['another school', memberB, [false, false, false]],
    ['no unit at all', nobody, [false, false, false]],
  ] as const)('%s sees lead / cooperating / school assignments: %j', (_name, u, expected) => {
    expect([lead, coop, school].map((a) => canSeeAssignment(u, a))).toEqual(expected);
  });

  it.each([
    ['admin', admin, lead, ['reviewer', 'owner']],
    ['leader only reads', leader, lead, []],
    ['owner head on the lead unit it belongs to', headZuzhi, lead, ['unit', 'reviewer', 'owner']],
    ['owner head in the lead unit reviews a cooperating unit', headZuzhi, coop, ['reviewer', 'owner']],
    ['owner head outside the lead unit: owner, not reviewer', headZuzhi, { ...coop, leadUnitId: 'schoolC' } as AssignmentFacts, ['owner']],
    ['lead unit member reviews the cooperating unit', memberZuzhi, coop, ['reviewer']],
    ['lead unit member does its own lead work, never reviews it', memberZuzhi, lead, ['unit']],
    ['cooperating member works', memberJijiao, coop, ['unit']],
    ['cooperating head works, never reviews itself', headJijiao, coop, ['unit']],
    ['the school works on its own', memberA, school, ['unit']],
    ['the school has no part in the lead’s work', memberA, lead, []],
    ['owner head reviews the school', headZuzhi, school, ['reviewer', 'owner']],
  ] as const)('%s', (_name, u, a, expected) => {
    expect(actorsFor(u, a)).toEqual(expected);
  });

  it('a cooperating unit without a lead is reviewed by nobody but the owner side', () => {
    const orphan: AssignmentFacts = { ...coop, leadUnitId: null };
    expect(actorsFor(memberZuzhi, orphan)).toEqual([]);
    expect(canSeeAssignment(memberZuzhi, orphan)).toBe(false);
    expect(actorsFor(headZuzhi, orphan)).toEqual(['owner']);
  });

  it('task management: owner heads and admins; any head may claim an unowned task', () => {
    expect(canManageTask(headZuzhi, { ownerUnitId: 'zuzhi' })).toBe(true);
    expect(canManageTask(headJijiao, { ownerUnitId: 'zuzhi' })).toBe(false);
    expect(canManageTask(memberZuzhi, { ownerUnitId: 'zuzhi' })).toBe(false);
    expect(canManageTask(admin, { ownerUnitId: 'zuzhi' })).toBe(true);
    expect(canManageTask(headJijiao, { ownerUnitId: null })).toBe(true);
    expect(canManageTask(memberA, { ownerUnitId: null })).toBe(false);
    expect(canManageTask(leader, { ownerUnitId: null })).toBe(false);
  });
});
