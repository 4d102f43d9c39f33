// What the task services take. The API's DTO classes (validation, OpenAPI) implement these shapes;
// the worker and the CLI build them directly.

export type Comparator = '>=' | '>' | '=' | '<=' | '<';
export type Cadence = 'week' | 'month' | 'quarter' | 'semester' | 'year';
export type CompletionRule = 'lead_approval' | 'all_units_approval';

export interface ListTasksQuery {
  page: number;
  pageSize: number;
  planId?: string;
  pointId?: string;
  status?: 'active' | 'cancelled';
}

export interface TargetInput {
  /** an existing target keeps its reported actuals; none means a new one */
  id?: string;
  phrase?: string;
  metric: string;
  value: number;
  unit: string;
  comparator: Comparator;
}

export interface PatchTaskBody {
  version: number;
  title?: string;
  description?: string;
  dueDate?: string;
  cadence?: Cadence | null;
  ownerUnitId?: string;
  completionRule?: CompletionRule;
  targets?: TargetInput[];
}

export interface SplitPart {
  title: string;
  description?: string;
  targetIds?: string[];
}

export interface SplitTaskBody {
  version: number;
  parts: SplitPart[];
}

export interface MergeTasksBody {
  taskIds: string[];
  title?: string;
}
