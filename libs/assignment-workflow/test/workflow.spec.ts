import {
  ACTION_LABELS,
  availableActions,
  chinaDate,
  daysUntil,
  defaultDueDate,
  planEndYear,
  isOverdue,
  isTaskComplete,
  planTransition,
  STATE_LABELS,
  TRANSITIONS,
  type Actor,
  type AssignmentAction,
  type AssignmentState,
  type ResumableState,
} from '../src';

// The product rules, written out by hand and NOT derived from TRANSITIONS: a change to the state
// machine has to change this table too.
//   assigned → in_progress → submitted → approved, or → returned → in_progress / submitted again;
//   an open state (assigned, in_progress, returned) may ask for an extension, which once decided
//   (approved or denied) resumes where it was; the owner may cancel anything not yet final.
const STATES: AssignmentState[] = ['assigned', 'in_progress', 'submitted', 'approved', 'returned', 'extension_requested', 'cancelled'];
const ACTIONS: AssignmentAction[] = [
  'start',
  'report_progress',
  'submit',
  'approve',
  'return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'cancel',
];
const ACTORS: Actor[] = ['unit', 'reviewer', 'owner'];
const RESUMABLE: ResumableState[] = ['assigned', 'in_progress', 'returned'];

type Outcome = AssignmentState | 'resume';
const MOVES: Record<AssignmentState, Partial<Record<AssignmentAction, Outcome>>> = {
  assigned: {
    start: 'in_progress',
    report_progress: 'in_progress',
    submit: 'submitted',
    request_extension: 'extension_requested',
    cancel: 'cancelled',
  },
  in_progress: { report_progress: 'in_progress', submit: 'submitted', request_extension: 'extension_requested', cancel: 'cancelled' },
  submitted: { approve: 'approved', return: 'returned', cancel: 'cancelled' },
  approved: {},
  returned: { report_progress: 'in_progress', submit: 'submitted', request_extension: 'extension_requested', cancel: 'cancelled' },
  extension_requested: { approve_extension: 'resume', deny_extension: 'resume', cancel: 'cancelled' },
  cancelled: {},
};
/** who acts: the assigned unit, whoever reviews it, or the task's owner (department head) */
const BY: Record<AssignmentAction, Actor> = {
  start: 'unit',
  report_progress: 'unit',
  submit: 'unit',
  approve: 'reviewer',
  return: 'reviewer',
  request_extension: 'unit',
  approve_extension: 'reviewer',
  deny_extension: 'reviewer',
  cancel: 'owner',
};
const NEEDS_REASON: ReadonlySet<AssignmentAction> = new Set(['return', 'request_extension', 'deny_extension', 'cancel']);

/** state × action × actor, every combination */
const PRODUCT = STATES.flatMap((state) => ACTIONS.flatMap((action) => ACTORS.map((actor) => [state, action, actor] as const)));

/** the refusal the rules give, or null when the move is allowed (given a reason where one is needed) */
function expectedRefusal(state: AssignmentState, action: AssignmentAction, actor: Actor): 'ILLEGAL_TRANSITION' | 'NOT_YOUR_ACTION' | null {
  if (MOVES[state][action] === undefined) return 'ILLEGAL_TRANSITION';
  if (BY[action] !== actor) return 'NOT_YOUR_ACTION';
  return null;
}

const HAN = /[\u4e00-\u9fff]/;

describe('assignment transitions, exhaustively over state × action × actor', () => {
  it('the table covers every state and action the library knows: 7 × 9 × 3 = 189 cases', () => {
    expect([...STATES].sort()).toEqual(Object.keys(STATE_LABELS).sort());
    expect([...ACTIONS].sort()).toEqual(Object.keys(TRANSITIONS).sort());
    expect([...ACTIONS].sort()).toEqual(Object.keys(ACTION_LABELS).sort());
    expect(PRODUCT).toHaveLength(189);
    expect(new Set(PRODUCT.map((c) => c.join(' '))).size).toBe(189);
  });

  it.each(PRODUCT)('%s × %s × %s', (state, action, actor) => {
    const refusal = expectedRefusal(state, action, actor);
    const outcome = MOVES[state][action];
    const withReason = planTransition(state, action, actor, { reason: '理由', resumeState: 'returned' });
    const withoutReason = planTransition(state, action, actor, { resumeState: 'returned' });
    const blankReason = planTransition(state, action, actor, { reason: ' \u3000 ', resumeState: 'returned' });

    if (refusal !== null) {
      // refused whatever the reason; the message is Chinese
      for (const r of [withReason, withoutReason, blankReason]) {
        expect(r).toMatchObject({ ok: false, code: refusal });
        expect(r.ok ? '' : r.messageZh).toMatch(HAN);
      }
      if (refusal === 'ILLEGAL_TRANSITION') expect(withReason.ok ? '' : withReason.messageZh).toContain(STATE_LABELS[state]);
      return;
    }

    if (NEEDS_REASON.has(action)) {
      expect(withoutReason).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
      expect(blankReason).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    } else {
      expect(withoutReason).toEqual(withReason);
    }
    if (outcome === 'resume') {
      expect(withReason).toEqual({ ok: true, to: 'returned', resumeState: null });
    } else if (outcome === 'extension_requested') {
      // the request remembers where it was, to go back there once decided
      expect(withReason).toEqual({ ok: true, to: 'extension_requested', resumeState: state });
    } else {
      expect(withReason).toEqual({ ok: true, to: outcome, resumeState: null });
    }
  });

  it.each(RESUMABLE)('an extension requested from %s resumes there, approved or denied', (from) => {
    const asked = planTransition(from, 'request_extension', 'unit', { reason: '场地施工延误' });
    expect(asked).toEqual({ ok: true, to: 'extension_requested', resumeState: from });
    for (const decision of ['approve_extension', 'deny_extension'] as const) {
      const decided = planTransition('extension_requested', decision, 'reviewer', { reason: '不符合条件', resumeState: from });
      expect(decided).toEqual({ ok: true, to: from, resumeState: null });
    }
  });

  it('an extension request without a remembered state resumes in progress', () => {
    expect(planTransition('extension_requested', 'approve_extension', 'reviewer')).toEqual({
      ok: true,
      to: 'in_progress',
      resumeState: null,
    });
  });

  it.each(STATES.flatMap((state) => ACTORS.map((actor) => [state, actor] as const)))(
    'the buttons offered in %s to %s are exactly the allowed moves',
    (state, actor) => {
      const expected = ACTIONS.filter((action) => expectedRefusal(state, action, actor) === null);
      expect([...availableActions(state, actor)].sort()).toEqual(expected.sort());
    },
  );

  it('final states accept nothing from anyone', () => {
    for (const state of ['approved', 'cancelled'] as const) {
      for (const actor of ACTORS) expect(availableActions(state, actor)).toEqual([]);
    }
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

  it('defaults to the end of the plan period for a multi-year plan, not the end of its first year', () => {
    const fiveYear = { year: null, periodFrom: 2021, periodTo: 2025 };
    expect(defaultDueDate([], fiveYear, 2030)).toBe('2025-12-31');
    // a plan with both a year and a period: the period's end
    expect(defaultDueDate([], { year: 2021, periodFrom: 2021, periodTo: 2025 }, 2030)).toBe('2025-12-31');
    // a parsed deadline still wins, the latest of them
    expect(defaultDueDate([{ date: '2023-12-31' }, { date: '2022-06-30' }], fiveYear, 2030)).toBe('2023-12-31');
    expect(defaultDueDate([], { year: 2024, periodFrom: null, periodTo: null }, 2030)).toBe('2024-12-31');
    expect(defaultDueDate([], { year: null, periodFrom: null, periodTo: null }, 2030)).toBe('2030-12-31');
    expect(planEndYear({ year: null, periodFrom: 2021, periodTo: 2023 })).toBe(2023);
  });
});
