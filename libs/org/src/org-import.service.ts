import { Injectable } from '@nestjs/common';
import { DEFAULT_LIMITS, type ImportReport, planImport, readUnitFile, type UnitChange, type UnitRecord } from '@duban/org-import';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- Nest injects it by the emitted type metadata
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { loadExistingUnits, lockOrgTree } from './org-tree.sql';

export const ORG_IMPORT_MAX_BYTES = DEFAULT_LIMITS.maxBytes;

/** What an import answers: the report without the per-row plan (that can be 100,000 rows). */
export type ImportResult = Omit<ImportReport, 'changes'> & { dryRun: boolean };

const COLUMN_OF: Record<keyof UnitRecord, string> = {
  code: 'code',
  name: 'name',
  shortNames: 'short_names',
  aliases: 'aliases',
  type: 'type',
  tags: 'tags',
  parentCode: 'parent_code',
  supervisionOffice: 'is_supervision_office',
};

/**
 * Bulk import of org units (.csv / .xlsx). A dry run reads and plans only. A real run plans again
 * under the tree lock and applies the plan in one transaction with set-based SQL; a file that
 * changes nothing writes nothing, not even an audit event.
 */
@Injectable()
export class OrgImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async dryRun(bytes: Uint8Array): Promise<ImportResult> {
    const file = await readUnitFile(bytes);
    const report = planImport(file, await loadExistingUnits(this.db.manager));
    return result(report, true);
  }

  async apply(ctx: RequestContext, bytes: Uint8Array, fileName: string): Promise<ImportResult> {
    const file = await readUnitFile(bytes);
    return this.db.transaction(async (m) => {
      await lockOrgTree(m);
      const report = planImport(file, await loadExistingUnits(m));
      if (!report.ok) {
        throw new DubanError('ORG_IMPORT_INVALID', `导入文件有 ${report.errorCount} 处错误，未导入任何数据`, result(report, false));
      }
      if (report.changes.length > 0) {
        await writeChanges(m, report.changes);
        await this.recordAudit(m, ctx, report, bytes, fileName);
      }
      return result(report, false);
    });
  }

  private async recordAudit(
    m: EntityManager,
    ctx: RequestContext,
    report: ImportReport,
    bytes: Uint8Array,
    fileName: string,
  ): Promise<void> {
    const created = report.changes.filter((c) => c.kind === 'create').map((c) => c.row.code);
    await this.audit.record(m, ctx, {
      action: 'org.units.imported',
      objectType: 'org_import',
      objectId: createHash('sha256').update(bytes).digest('hex'),
      after: {
        fileName,
        format: report.format,
        encoding: report.encoding,
        rows: report.rows,
        summary: report.summary,
        // the codes are enough to find the units; a province file would otherwise bloat the event
        createdCodes: created.slice(0, 500),
        createdCodesTruncated: created.length > 500,
      },
    });
    // one event per updated unit, before/after of the fields that changed, in one statement
    const updates = report.changes
      .filter((c) => c.kind === 'update')
      .map((c) => ({ code: c.row.code, before: pick(c.before!, c.fields), after: pick(c.row, c.fields) }));
    if (updates.length === 0) return;
    await m.query(
      `insert into audit_events (actor, action, object_type, object_id, before, after, request_id, ip)
       select $2, 'org.unit.updated', 'org_unit', u.id::text, x.before, x.after || jsonb_build_object('via', 'import'), $3, $4
         from jsonb_to_recordset($1::jsonb) as x(code text, before jsonb, after jsonb)
         join org_units u on u.code = x.code`,
      [JSON.stringify(updates), ctx.actor, ctx.requestId, ctx.ip],
    );
  }
}

function result(report: ImportReport, dryRun: boolean): ImportResult {
  const { changes: _changes, ...rest } = report;
  return { ...rest, dryRun };
}

function pick(u: UnitRecord, fields: (keyof UnitRecord)[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [COLUMN_OF[f], u[f]]));
}

/**
 * Upsert by code, one statement per tree level of the change set (a province is 4), so that each
 * row's parent already exists and parent_id is resolved by code in the same statement: rows are
 * written once. The WHERE clause keeps unchanged rows untouched (no dead tuples, updated_at kept).
 */
async function writeChanges(m: EntityManager, changes: UnitChange[]): Promise<void> {
  for (const level of byLevel(changes)) {
    const rows = level.map(({ row: r }) => ({
      code: r.code,
      name: r.name,
      short_names: r.shortNames,
      aliases: r.aliases,
      type: r.type,
      tags: r.tags,
      parent_code: r.parentCode,
    }));
    await m.query(
      `insert into org_units as u (code, name, short_names, aliases, type, tags, parent_id)
       select x.code, x.name, x.short_names, x.aliases, x.type, x.tags, p.id
         from jsonb_to_recordset($1::jsonb)
              as x(code text, name text, short_names text[], aliases text[], type text, tags text[], parent_code text)
         left join org_units p on p.code = x.parent_code
       on conflict (code) do update
          set name = excluded.name, short_names = excluded.short_names, aliases = excluded.aliases,
              type = excluded.type, tags = excluded.tags, parent_id = excluded.parent_id, updated_at = now()
        where (u.name, u.short_names, u.aliases, u.type, u.tags, u.parent_id)
              is distinct from (excluded.name, excluded.short_names, excluded.aliases, excluded.type, excluded.tags, excluded.parent_id)`,
      [JSON.stringify(rows)],
    );
  }
  // the optional 督查室 column: only rows that give it, after every row exists
  const flags = changes
    .filter((c) => c.row.supervisionOffice !== undefined)
    .map((c) => ({ code: c.row.code, flag: c.row.supervisionOffice }));
  if (flags.length > 0) {
    await m.query(
      `update org_units u set is_supervision_office = x.flag, updated_at = now()
         from jsonb_to_recordset($1::jsonb) as x(code text, flag boolean)
        where u.code = x.code and u.is_supervision_office is distinct from x.flag`,
      [JSON.stringify(flags)],
    );
  }
}

/** Changes grouped by depth among the changes themselves (parents come first in the plan). */
function byLevel(changes: UnitChange[]): UnitChange[][] {
  const depth = new Map<string, number>();
  const levels: UnitChange[][] = [];
  for (const c of changes) {
    const d = c.row.parentCode !== null && depth.has(c.row.parentCode) ? depth.get(c.row.parentCode)! + 1 : 0;
    depth.set(c.row.code, d);
    (levels[d] ??= []).push(c);
  }
  return levels;
}
