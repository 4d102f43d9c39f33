import { PlanImport1795000000000 } from './1795000000000-plan-import';

/** In order. Append only: a landed migration is never edited. */
export const MIGRATIONS = [PlanImport1795000000000];
