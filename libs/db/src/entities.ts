import { AuditEvent } from './audit/audit-event.entity';
import { RefreshToken, User, UserUnit } from './auth/user.entity';
import { OrgUnit } from './org/org-unit.entity';
import { EvidenceFile } from './evidence/evidence-file.entity';
import { Assignment, AssignmentDueChange, ExtensionRequest, ProgressReport, ReviewDecision, TargetActual } from './tasks/assignment.entity';
import { Task, TaskChangeRequest, TaskEvidenceRequirement, TaskTarget } from './tasks/task.entity';
import { PlanDocument } from './plans/plan-document.entity';
import { PlanDraft, PlanDraftRevision } from './plans/plan-draft.entity';
import { PlanIndicator } from './plans/plan-indicator.entity';
import { PlanSection } from './plans/plan-section.entity';
import { Plan } from './plans/plan.entity';
import { PointTarget, PointUnitMention, WorkPoint } from './plans/work-point.entity';

/** Every entity, registered once for the API, the worker, the CLI and the tests. */
export const ENTITIES = [
  AuditEvent,
  Plan,
  PlanDocument,
  PlanDraft,
  PlanDraftRevision,
  PlanSection,
  WorkPoint,
  PointUnitMention,
  PointTarget,
  PlanIndicator,
  OrgUnit,
  User,
  UserUnit,
  RefreshToken,
  Task,
  TaskTarget,
  TaskEvidenceRequirement,
  TaskChangeRequest,
  Assignment,
  AssignmentDueChange,
  ExtensionRequest,
  ProgressReport,
  TargetActual,
  ReviewDecision,
  EvidenceFile,
];
