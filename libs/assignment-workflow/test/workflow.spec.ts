import fc from 'fast-check';
import {
  availableActions,
  chinaDate,
  daysUntil,
  defaultDueDate,
  isOverdue,
  isTaskComplete,
  planTransition,
  TRANSITIONS,
  type AssignmentAction,
  type AssignmentState,
} from '../src';

const STATES: AssignmentState[] = ['assigned', 'in_progress', 'submitted', 'approved', 'returned', 'extension_requested', 'cancelled'];
const ACTIONS = Object.keys(TRANSITIONS) as AssignmentAction[];

describe('assignment transitions', () => {
  it.each([
    ['assigned', 'start', 'unit', 'in_progress'],
    ['assigned', 'submit', 'unit', 'submitted'],
    ['in_progress', 'submit', 'unit', 'submitted'],
    ['submitted', 'approve', 'reviewer', 'approved'],
    ['returned', 'report_progress', 'unit', 'in_progress'],
    ['returned', 'submit', 'unit', 'submitted'],
  ] as const)('%s --%s by %s--> %s', (from, action, actor, to) => {
    expect(planTransition(from, action, actor, { reason: 'x' })).toMatchObject({ ok: true, to });
  });

  it('a return needs a reason and lands in returned', () => {
    expect(planTransition('submitted', 'return', 'reviewer', { reason: '  ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(planTransition('submitted', 'return', 'reviewer', { reason: '佐证材料不完整' })).toMatchObject({ ok: true, to: 'returned' });
  });

  it('an extension request remembers where to go back to', () => {
    const asked = planTransition('returned', 'request_extension', 'unit', { reason: '场地施工延误' });
    expect(asked).toEqual({ ok: true, to: 'extension_requested', resumeState: 'returned' });
    expect(planTransition('extension_requested', 'approve_extension', 'reviewer', { resumeState: 'returned' })).toMatchObject({
      ok: true,
      to: 'returned',
    });
    expect(
      planTransition('extension_requested', 'deny_extension', 'reviewer', { resumeState: 'in_progress', reason: '不符合条件' }),
    ).toMatchObject({
      ok: true,
      to: 'in_progress',
    });
  });

  it('refuses illegal transitions with a Chinese message', () => {
    const r = planTransition('approved', 'submit', 'unit');
    expect(r).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(r.ok ? '' : r.messageZh).toContain('已完成');
    expect(planTransition('cancelled', 'approve', 'reviewer')).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });

  it('a unit cannot approve its own work, a reviewer cannot submit for it', () => {
    expect(planTransition('submitted', 'approve', 'unit')).toMatchObject({ ok: false, code: 'NOT_YOUR_ACTION' });
    expect(planTransition('in_progress', 'submit', 'reviewer')).toMatchObject({ ok: false, code: 'NOT_YOUR_ACTION' });
  });

  it('closed states accept nothing', () => {
    for (const actor of ['unit', 'reviewer', 'owner'] as const) {
      expect(availableActions('approved', actor)).toEqual([]);
      expect(availableActions('cancelled', actor)).toEqual([]);
    }
  });

  it('property: every allowed move matches the table, every other move is refused', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...STATES),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom('unit' as const, 'reviewer' as const, 'owner' as const),
        (state, action, actor) => {
          const r = planTransition(state, action, actor, { reason: '理由', resumeState: 'in_progress' });
          const rule = TRANSITIONS[action];
          expect(r.ok).toBe(rule.from.includes(state) && rule.by === actor);
          if (r.ok) expect(STATES).toContain(r.to);
        },
      ),
    );
  });
});

describe('completion rules', () => {
  it('lead approval: the lead decides, cooperating units do not block', () => {
    expect(
      isTaskComplete('lead_approval', [
        { role: 'lead', state: 'approved' },
        { role: 'cooperating', state: 'in_progress' },
      ]),
    ).toBe(true);
    expect(
      isTaskComplete('lead_approval', [
        { role: 'lead', state: 'submitted' },
        { role: 'cooperating', state: 'approved' },
      ]),
    ).toBe(false);
  });

  it('lead approval without a lead: every responsible unit', () => {
    expect(
      isTaskComplete('lead_approval', [
        { role: 'responsible', state: 'approved' },
        { role: 'responsible', state: 'returned' },
      ]),
    ).toBe(false);
    expect(
      isTaskComplete('lead_approval', [
        { role: 'responsible', state: 'approved' },
        { role: 'responsible', state: 'approved' },
      ]),
    ).toBe(true);
  });

  it('all units: every live assignment approved; cancelled ones ignored; nothing assigned is not done', () => {
    expect(
      isTaskComplete('all_units_approval', [
        { role: 'responsible', state: 'approved' },
        { role: 'responsible', state: 'cancelled' },
      ]),
    ).toBe(true);
    expect(
      isTaskComplete('all_units_approval', [
        { role: 'responsible', state: 'approved' },
        { role: 'responsible', state: 'assigned' },
      ]),
    ).toBe(false);
    expect(isTaskComplete('all_units_approval', [])).toBe(false);
  });
});

describe('due dates', () => {
  it('overdue is open work past its date, in China time', () => {
    expect(isOverdue('2024-06-30', 'in_progress', '2024-07-01')).toBe(true);
    expect(isOverdue('2024-06-30', 'in_progress', '2024-06-30')).toBe(false);
    expect(isOverdue('2024-06-30', 'approved', '2024-12-01')).toBe(false);
    expect(chinaDate(new Date('2024-06-30T16:30:00Z'))).toBe('2024-07-01');
    expect(daysUntil('2024-07-03', '2024-06-30')).toBe(3);
    expect(daysUntil('2024-06-28', '2024-06-30')).toBe(-2);
  });

  it('defaults to the latest parsed deadline, else the plan year end', () => {
    expect(defaultDueDate([{ date: '2024-06-30' }, { date: '2024-09-01' }], 2024, 2030)).toBe('2024-09-01');
    expect(defaultDueDate([], 2024, 2030)).toBe('2024-12-31');
    expect(defaultDueDate([], null, 2030)).toBe('2030-12-31');
  });
});
