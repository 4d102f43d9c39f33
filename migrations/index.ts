import { PlanImport1795000000000 } from './1795000000000-plan-import';
import { OrgAndUsers1795100000000 } from './1795100000000-org-and-users';
import { TasksAndAssignments1795400000000 } from './1795400000000-tasks-and-assignments';
import { OneLeadPerTask1795500000000 } from './1795500000000-one-lead-per-task';
import { EvidenceLiveDuplicates1795600000000 } from './1795600000000-evidence-live-duplicates';
import { InboxAndSearchIndexes1795700000000 } from './1795700000000-inbox-and-search-indexes';
import { InboxUnitIndex1795900000000 } from './1795900000000-inbox-unit-index';
import { AssignmentUpdatedAtMs1796000000000 } from './1796000000000-assignment-updated-at-ms';
import { PlanArchivedAt1796100000000 } from './1796100000000-plan-archived-at';
import { PlanPeriod1797000000000 } from './1797000000000-plan-period';
import { SectionDeadlines1797000000001 } from './1797000000001-section-deadlines';
import { PlanRouting1797050000000 } from './1797050000000-plan-routing';
import { RemindersOutbox1797100000000 } from './1797100000000-reminders-outbox';
import { UrgingsAndNotices1797200000000 } from './1797200000000-urgings-and-notices';
import { RollupSnapshots1797300000000 } from './1797300000000-rollup-snapshots';
import { RollupTaskCells1797310000000 } from './1797310000000-rollup-task-cells';
import { Summary1797400000000 } from './1797400000000-summary';
import { OutboxWritePath1797600000000 } from './1797600000000-outbox-write-path';
import { OutboxTimeOrderedIds1797700000000 } from './1797700000000-outbox-time-ordered-ids';

/** In order. Append only: a landed migration is never edited. */
export const MIGRATIONS = [
  PlanImport1795000000000,
  OrgAndUsers1795100000000,
  TasksAndAssignments1795400000000,
  OneLeadPerTask1795500000000,
  EvidenceLiveDuplicates1795600000000,
  InboxAndSearchIndexes1795700000000,
  InboxUnitIndex1795900000000,
  AssignmentUpdatedAtMs1796000000000,
  PlanArchivedAt1796100000000,
  PlanPeriod1797000000000,
  SectionDeadlines1797000000001,
  PlanRouting1797050000000,
  RemindersOutbox1797100000000,
  UrgingsAndNotices1797200000000,
  RollupSnapshots1797300000000,
  RollupTaskCells1797310000000,
  Summary1797400000000,
  OutboxWritePath1797600000000,
  OutboxTimeOrderedIds1797700000000,
];
