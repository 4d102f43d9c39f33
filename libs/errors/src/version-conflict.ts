import { DubanError } from './duban-error';

/** Anything that runs SQL (a TypeORM EntityManager or DataSource); kept structural so this lib needs no database driver. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface StaleRecord {
  /** `audit_events.object_type` and `object_id` of the record, to find who changed it last. */
  objectType: string;
  objectId: string;
  /** What is current now, returned in `details` so the client can refresh without another read. */
  current: Record<string, unknown>;
  /** The current state in words (e.g. 待审核), said in the message when known. */
  stateLabel?: string;
  /** Plan drafts keep their own code, which clients already match on. */
  code?: 'VERSION_CONFLICT' | 'DRAFT_VERSION_CONFLICT';
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** 2021年3月2日 10:05 in China time, how the bureau reads a moment. */
export function formatChinaTime(at: Date): string {
  const d = new Date(at.getTime() + CHINA_OFFSET_MS);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hh}:${mm}`;
}

/**
 * The 409 for a write based on an old read. The message says who changed the record last and when
 * (from the audit trail), and the state it is in now; when the last change was the caller's own
 * (another tab, a double click) it says so instead of blaming someone else.
 */
export async function versionConflict(db: Queryable, record: StaleRecord, callerId?: string | null): Promise<DubanError> {
  const rows = (await db.query(
    `SELECT e.actor, e.at, u.display_name
       FROM audit_events e LEFT JOIN users u ON u.id::text = e.actor
      WHERE e.object_type = $1 AND e.object_id = $2
      ORDER BY e.at DESC, e.id DESC LIMIT 1`,
    [record.objectType, record.objectId],
  )) as { actor: string | null; at: Date; display_name: string | null }[];
  const last = rows[0];
  const state = record.stateLabel ? `（当前状态：${record.stateLabel}）` : '';
  let changed: string;
  if (!last) changed = '该记录已被修改';
  else if (callerId && last.actor === callerId) changed = `您已于 ${formatChinaTime(last.at)} 修改过该记录（可能在另一窗口中）`;
  else if (last.display_name) changed = `该记录已被${last.display_name}于 ${formatChinaTime(last.at)} 修改`;
  else changed = `该记录已于 ${formatChinaTime(last.at)} 被修改`;
  const details = last
    ? { ...record.current, changedBy: last.display_name ? { id: last.actor, name: last.display_name } : null, changedAt: last.at }
    : record.current;
  return new DubanError(record.code ?? 'VERSION_CONFLICT', `${changed}${state}，请刷新后重试`, details);
}
