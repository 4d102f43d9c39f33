import { ASSIGNMENT_STATES, type AssignmentState } from '@duban/assignment-workflow';

export const ASSIGNMENT_SORTS = ['dueDate', '-dueDate', 'updatedAt', '-updatedAt', 'title', '-title', 'state', '-state'] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];
export { ASSIGNMENT_STATES };

/** Filters every task-level list shares (inbox, review queue, change requests). */
export interface TaskFilters {
  planId?: string;
  sectionId?: string;
  q?: string;
  dueFrom?: string;
  dueTo?: string;
}

export interface AssignmentFilters extends TaskFilters {
  state?: AssignmentState[];
  /** one task's assignments (the task page's unit list), still within the caller's visibility */
  taskId?: string;
  unitId?: string;
  overdue?: boolean;
}

export interface AssignmentListQuery extends AssignmentFilters {
  page: number;
  pageSize: number;
  sort: AssignmentSort;
}

export interface ChangeRequestListQuery extends TaskFilters {
  page: number;
  pageSize: number;
}
