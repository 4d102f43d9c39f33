/**
 * Shapes of the API's responses as the pages read them. Request bodies, paths and query parameters
 * are typed from the generated OpenAPI schema (schema.d.ts); the API does not yet describe its
 * response bodies there, so these are written by hand from libs/work and apps/api.
 */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  globalRoles: string[];
  units: { unitId: string; unitName?: string; role: string }[];
  permissions: string[];
  mustChangePassword: boolean;
}

export interface PlanListItem {
  id: string;
  title: string;
  year: number | null;
  status: string;
  createdAt: string;
  updatedAt: string;
  confirmedAt?: string | null;
  archivedAt?: string | null;
  [key: string]: unknown;
}

export interface ParsedPoint {
  number: number;
  title: string;
  text: string;
  line: number;
  units: { name: string; role: 'lead' | 'cooperating' | 'responsible' }[];
  deadlines: { date: string; phrase: string }[];
  recurrence: { every: string; phrase: string }[];
  targets: { phrase: string; metric: string; value: number; unit: string; comparator: string }[];
}

export interface ParsedSection {
  number: string;
  ordinal: number;
  title: string;
  text: string;
  sections: ParsedSection[];
  points: ParsedPoint[];
}

export interface ParsedPlan {
  title: string;
  year: number | null;
  preamble: string;
  sections: ParsedSection[];
  indicators: { name: string; unit: string }[];
  warnings: { line: number; message: string; lines?: number[] }[];
}

/** What confirming a revised document would change in the confirmed plan. */
export interface PlanDiff {
  summary: { added: number; removed: number; changed: number; unchanged: number };
  added: { number: number; title: string }[];
  removed: { id: string; number: number; title: string }[];
  changed: { id: string; number: number; title: string; fields: string[] }[];
}

export interface DraftView {
  planId: string;
  planStatus: string;
  draftId: string;
  version: number;
  document: { id: string; fileName: string; byteSize: number; format: string; encoding: string; uploadedAt: string };
  parsed: ParsedPlan;
  diff: PlanDiff | null;
  canUndo: boolean;
}

export interface Suggestion {
  role: 'lead' | 'cooperating' | 'responsible';
  kind: 'unit' | 'set' | 'unmatched';
  confidence: number;
  unitIds: string[];
  mention?: string;
  name?: string;
}

export interface TaskItem {
  id: string;
  planId: string;
  pointId: string;
  title: string;
  description?: string | null;
  dueDate: string | null;
  cadence: string | null;
  ownerUnitId: string | null;
  ownerUnitName?: string | null;
  status: string;
  version: number;
  assignmentCount?: number;
  approvedCount?: number;
  suggestedAssignees?: Suggestion[];
}

export interface AssignmentBrief {
  id: string;
  urgeCount?: number;
  unitId: string;
  unitName: string;
  role: string;
  state: string;
  dueDate: string;
  version: number;
}

export interface TaskDetail extends TaskItem {
  assignments: AssignmentBrief[];
  assignmentStats: { total: number; overdue: number; byState: Record<string, number> };
  targets: { id: string; metric: string; value: number; unit: string; comparator: string; latestActual?: unknown }[];
  timeline: TimelineEntry[];
  [key: string]: unknown;
}

export type TimelineEntry =
  | { kind: 'audit'; at: string; action: string; actorName: string | null; objectType: string; after: Record<string, unknown> | null }
  | { kind: 'review'; at: string; decision: 'approve' | 'return'; reason: string | null; decidedByName: string | null }
  | { kind: 'urge'; at: string; assignmentId: string; urgedByName: string | null; message: string }
  | {
      kind: 'notice';
      event: 'issued' | 'signed' | 'answered';
      at: string;
      assignmentId: string;
      number: string;
      colour: string;
      actorName: string | null;
      text: string | null;
    };

export interface InboxItem {
  id: string;
  taskId: string;
  taskTitle: string;
  planId: string;
  planTitle: string;
  sectionNumber: string;
  sectionTitle: string;
  pointNumber: number;
  unitId: string;
  unitName: string;
  role: string;
  dueDate: string;
  state: string;
  stateLabel: string;
  overdue: boolean;
  daysUntilDue: number;
  version: number;
  extension: { id: string; requestedDue: string; reason: string } | null;
}

export interface ChangeRequestItem {
  id: string;
  taskId: string;
  taskTitle?: string;
  kind?: string;
  reason?: string | null;
  proposal?: unknown;
  requestedByName?: string | null;
  createdAt?: string;
  [key: string]: unknown;
}

export interface AssignmentDetail {
  id: string;
  unitId: string;
  unitName: string;
  role: string;
  state: string;
  dueDate: string;
  version: number;
  unit: { id: string; name: string; type: string };
  task: { id: string; planId: string; title: string; dueDate: string | null; cadence: string | null; ownerUnitName: string | null };
  overdue: boolean;
  daysUntil: number;
  availableActions: string[];
  /** 催办 so far (notices issue) */
  urgeCount?: number;
  lastUrgedAt?: string | null;
  progressReports: {
    id: string;
    percent: number;
    narrative: string | null;
    period: string | null;
    createdAt: string;
    reportedByName: string | null;
    actuals: { taskTargetId: string; value: number; asOf: string }[];
  }[];
  reviewDecisions: { id: string; decision: string; reason: string | null; at: string; decidedByName: string | null }[];
}

export interface EvidenceView {
  id: string;
  fileName: string;
  byteSize: number;
  mime: string;
  ext: string;
  uploadedByName: string | null;
  uploadedAt: string;
  reviewState: 'pending' | 'accepted' | 'returned';
  reviewReason: string | null;
  reviewedByName: string | null;
  requirementName: string | null;
}

export interface EvidenceList {
  items: EvidenceView[];
  checklist: { requirementId: string; name: string; satisfied?: boolean; [key: string]: unknown }[];
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  type: string;
  tags: string[];
  parentId: string | null;
  parentName?: string | null;
  archivedAt?: string | null;
}

export interface ImportReport {
  ok: boolean;
  rows: number;
  errors: { line: number; column?: string; code: string; message: string }[];
  summary?: Record<string, number>;
  temporaryPasswords?: { username: string; temporaryPassword: string }[];
}
