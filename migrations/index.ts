import { PlanImport1795000000000 } from './1795000000000-plan-import';
import { OrgAndUsers1795100000000 } from './1795100000000-org-and-users';
import { TasksAndAssignments1795400000000 } from './1795400000000-tasks-and-assignments';

/** In order. Append only: a landed migration is never edited. */
export const MIGRATIONS = [PlanImport1795000000000, OrgAndUsers1795100000000, TasksAndAssignments1795400000000];
