// The assignment state machine as data: which action moves which state where, and who may do it.
// Services ask `planTransition` and never set a state by hand.

/** Every state, in workflow order (how lists sort by state); the one list the rest of the code uses. */
export const ASSIGNMENT_STATES = [
  'assigned',
  'in_progress',
  'returned',
  'extension_requested',
  'submitted',
  'approved',
  'cancelled',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
export type ResumableState = 'assigned' | 'in_progress' | 'returned';

export const ASSIGNMENT_ACTIONS = [
  'start',
  'report_progress',
  'submit',
  'approve',
  'return',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'cancel',
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/** Who acts: the assigned unit itself, or whoever reviews it (department head, or the lead unit for a cooperating unit). */
export const ACTORS = ['unit', 'reviewer', 'owner'] as const;
export type Actor = (typeof ACTORS)[number];

/** States nobody acts on any more. */
export const CLOSED_STATES: readonly AssignmentState[] = ['approved', 'cancelled'];

interface Rule {
  from: readonly AssignmentState[];
  to: AssignmentState | 'resume';
  by: Actor;
  /** a reason is required from the actor */
  needsReason?: boolean;
}

const OPEN: readonly AssignmentState[] = ['assigned', 'in_progress', 'returned'];

export const TRANSITIONS: Record<AssignmentAction, Rule> = {
  start: { from: ['assigned'], to: 'in_progress', by: 'unit' },
  report_progress: { from: OPEN, to: 'in_progress', by: 'unit' },
  submit: { from: OPEN, to: 'submitted', by: 'unit' },
  approve: { from: ['submitted'], to: 'approved', by: 'reviewer' },
  return: { from: ['submitted'], to: 'returned', by: 'reviewer', needsReason: true },
  request_extension: { from: OPEN, to: 'extension_requested', by: 'unit', needsReason: true },
  approve_extension: { from: ['extension_requested'], to: 'resume', by: 'reviewer' },
  deny_extension: { from: ['extension_requested'], to: 'resume', by: 'reviewer', needsReason: true },
  // cancellation is decided through a task change request the owner approves
  cancel: {
    from: ['assigned', 'in_progress', 'submitted', 'returned', 'extension_requested'],
    to: 'cancelled',
    by: 'owner',
    needsReason: true,
  },
};

export const STATE_LABELS: Record<AssignmentState, string> = {
  assigned: '已分派',
  in_progress: '进行中',
  submitted: '待审核',
  approved: '已完成',
  returned: '已退回',
  extension_requested: '延期申请中',
  cancelled: '已取消',
};

/** The owner heads the department that owns the task (负责科室), not the lead unit (牵头单位). */
export const ACTOR_LABELS: Record<Actor, string> = { unit: '责任单位', reviewer: '审核人', owner: '负责科室负责人' };

export const ACTION_LABELS: Record<AssignmentAction, string> = {
  start: '开始办理',
  report_progress: '报告进展',
  submit: '提交审核',
  approve: '审核通过',
  return: '退回',
  request_extension: '申请延期',
  approve_extension: '同意延期',
  deny_extension: '不同意延期',
  cancel: '取消',
};

export type TransitionResult =
  | { ok: true; to: AssignmentState; resumeState: ResumableState | null }
  | { ok: false; code: 'ILLEGAL_TRANSITION' | 'NOT_YOUR_ACTION' | 'REASON_REQUIRED'; messageZh: string };

/**
 * Decides a transition. `resumeState` is where an extension request goes back to once decided,
 * and is returned so the caller stores it.
 */
export function planTransition(
  state: AssignmentState,
  action: AssignmentAction,
  actor: Actor,
  options: { reason?: string | null; resumeState?: ResumableState | null } = {},
): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      messageZh: `当前状态为「${STATE_LABELS[state]}」，不能执行「${ACTION_LABELS[action]}」`,
    };
  }
  if (rule.by !== actor) {
    return { ok: false, code: 'NOT_YOUR_ACTION', messageZh: `「${ACTION_LABELS[action]}」只能由${ACTOR_LABELS[rule.by]}执行` };
  }
  if (rule.needsReason && !(options.reason ?? '').trim()) {
    return { ok: false, code: 'REASON_REQUIRED', messageZh: `「${ACTION_LABELS[action]}」需要填写理由` };
  }
  if (rule.to === 'resume') return { ok: true, to: options.resumeState ?? 'in_progress', resumeState: null };
  if (rule.to === 'extension_requested') return { ok: true, to: rule.to, resumeState: state as ResumableState };
  return { ok: true, to: rule.to, resumeState: null };
}

/** Actions that are possible from a state for an actor: what the UI offers as buttons. */
export function availableActions(state: AssignmentState, actor: Actor): AssignmentAction[] {
  return (Object.keys(TRANSITIONS) as AssignmentAction[]).filter((a) => TRANSITIONS[a].by === actor && TRANSITIONS[a].from.includes(state));
}
