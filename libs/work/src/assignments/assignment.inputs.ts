import type { AssignmentRole, OrgUnitType } from '@duban/db';
import type { CompletionRule, TargetInput } from '../tasks/task.inputs';

// What the assignment, progress and change-request services take (see task.inputs.ts).

export interface AssignUnitInput {
  unitId: string;
  role: AssignmentRole;
  /** the unit's handler; must be a member of the unit */
  ownerUserId?: string;
}

export interface AssignBody {
  units: AssignUnitInput[];
  dueDate?: string;
}

export interface UnitSetInput {
  types?: OrgUnitType[];
  tags?: string[];
  tagsAny?: string[];
  parentId?: string;
  includeDescendants?: boolean;
}

export interface BulkAssignBody {
  unitSet: UnitSetInput;
  role: 'cooperating' | 'responsible';
  dueDate?: string;
  completionRule?: CompletionRule;
}

export interface UnitsProposal {
  add?: AssignUnitInput[];
  remove?: string[];
}

export interface ChangeProposal {
  title?: string;
  targets?: TargetInput[];
  dueDate?: string;
  units?: UnitsProposal;
}

export interface CreateChangeRequestBody {
  kind: 'adjust' | 'cancel';
  proposed?: ChangeProposal;
  reason: string;
}

export interface TransitionBody {
  version: number;
  reason?: string;
  lateCloseReason?: string;
  newDueDate?: string;
}

export interface ActualInput {
  taskTargetId: string;
  value: number;
  asOf: string;
}

export interface ProgressBody {
  version?: number;
  percent: number;
  narrative?: string;
  period?: string;
  actuals?: ActualInput[];
}
