import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditService, SYSTEM_CONTEXT } from '@duban/audit';
import { SystemClock, type Clock } from '@duban/clock';
import { OrgImportService, type ImportResult } from '@duban/org';

export const SEED_UNITS_CSV = path.resolve(__dirname, '../../../../seeds/org/units.csv');

/**
 * Imports seeds/org/units.csv through the same import path as the API (`@duban/org`) (same validation, one
 * transaction, audited as `system`). Idempotent: a second run reports every unit unchanged.
 */
export async function seedOrgUnits(dataSource: DataSource, file = SEED_UNITS_CSV, clock: Clock = new SystemClock()): Promise<ImportResult> {
  const service = new OrgImportService(dataSource, new AuditService(clock));
  return service.apply(SYSTEM_CONTEXT, readFileSync(file), path.basename(file));
}
