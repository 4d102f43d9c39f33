import type { EntityManager } from 'typeorm';
import { DubanError } from '@duban/errors';

/** One checklist item of an assignment's task and how far the assignment's files got with it. */
export interface ChecklistItem {
  requirementId: string;
  name: string;
  /** accepted: some live file is accepted; pending: files wait for review; returned: only returned files; missing: none */
  status: 'accepted' | 'pending' | 'returned' | 'missing';
  fileIds: string[];
}

interface ChecklistRow {
  id: string;
  name: string;
  accepted: number;
  pending: number;
  returned: number;
  file_ids: string[];
}

/** The task's evidence checklist with each item's state for this assignment (withdrawn files do not count). */
export async function readChecklist(m: EntityManager, assignmentId: string): Promise<ChecklistItem[]> {
  const rows: ChecklistRow[] = await m.query(
    `SELECT r.id, r.name,
            count(f.id) FILTER (WHERE f.review_state = 'accepted')::int AS accepted,
            count(f.id) FILTER (WHERE f.review_state = 'pending')::int AS pending,
            count(f.id) FILTER (WHERE f.review_state = 'returned')::int AS returned,
            coalesce(array_agg(f.id ORDER BY f.uploaded_at) FILTER (WHERE f.id IS NOT NULL), '{}') AS file_ids
       FROM assignments a
       JOIN task_evidence_requirements r ON r.task_id = a.task_id
       LEFT JOIN evidence_files f ON f.assignment_id = a.id AND f.requirement_id = r.id AND f.withdrawn_at IS NULL
      WHERE a.id = $1
      GROUP BY r.id, r.name, r.position
      ORDER BY r.position, r.name`,
    [assignmentId],
  );
  return rows.map((r) => ({
    requirementId: r.id,
    name: r.name,
    status: r.accepted > 0 ? 'accepted' : r.pending > 0 ? 'pending' : r.returned > 0 ? 'returned' : 'missing',
    fileIds: r.file_ids,
  }));
}

/**
 * Refuses approval while a required checklist item of the assignment's task lacks an accepted,
 * non-withdrawn file of this assignment. Called by the approve transition inside its transaction.
 *
 * It locks the assignment row first: evidence review and withdrawal take a share lock on the same
 * row before changing a file, so a file cannot be returned between this check and the approval.
 */
export async function assertRequiredEvidenceAccepted(manager: EntityManager, assignmentId: string): Promise<void> {
  await manager.query(`SELECT 1 FROM assignments WHERE id = $1 FOR UPDATE`, [assignmentId]);
  const missing = (await readChecklist(manager, assignmentId)).filter((i) => i.status !== 'accepted');
  if (missing.length === 0) return;
  throw new DubanError(
    'EVIDENCE_CHECKLIST_INCOMPLETE',
    `以下佐证材料尚无审核通过的文件，暂不能审核通过：${missing.map((i) => i.name).join('、')}`,
    { missing: missing.map((i) => ({ requirementId: i.requirementId, name: i.name, status: i.status })) },
    `Required evidence without an accepted file: ${missing.map((i) => i.name).join(', ')}`,
  );
}
