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

/**
 * The sample district's supervision office (its 办公室 routes plans' points to departments). Not a
 * column of units.csv: the flag is the bureau's decision, set by an admin (PATCH /api/org/units/:id).
 */
export const SUPERVISION_OFFICE_CODES = ['DL-D-BGS'];

/** Flags the given units as supervision offices (idempotent, audited as `system`); returns their names. */
export async function markSupervisionOffices(dataSource: DataSource, codes: string[], clock: Clock = new SystemClock()): Promise<string[]> {
  const audit = new AuditService(clock);
  return dataSource.transaction(async (m) => {
    const rows: { id: string; name: string; is_supervision_office: boolean }[] = await m.query(
      `SELECT id, name, is_supervision_office FROM org_units WHERE code = ANY($1) AND archived_at IS NULL ORDER BY code`,
      [codes],
    );
    const changed = rows.filter((r) => !r.is_supervision_office);
    if (changed.length > 0) {
      await m.query(`UPDATE org_units SET is_supervision_office = true WHERE id = ANY($1::uuid[])`, [changed.map((r) => r.id)]);
      await audit.recordMany(
        m,
        SYSTEM_CONTEXT,
        changed.map((r) => ({
          action: 'org.unit.updated',
          objectType: 'org_unit',
          objectId: r.id,
          before: { isSupervisionOffice: false },
          after: { isSupervisionOffice: true },
        })),
      );
    }
    return rows.map((r) => r.name);
  });
}
