import { DubanError } from '@duban/errors';
import type { EntityManager } from 'typeorm';

/**
 * The same bytes never become two live plans by accident: a new import (or a restore) of a document
 * some other live plan already holds is refused; a revision goes through `POST /api/plans/:id/import`.
 * The advisory lock, keyed by the sha256 and held until the transaction ends, makes two concurrent
 * imports of the same file queue here, so the second one sees the first plan.
 */
export async function refuseDuplicate(m: EntityManager, sha256: string, exceptPlanId: string | null = null): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`plan-import:${sha256}`]);
  const rows: { id: string; title: string }[] = await m.query(
    `SELECT p.id, p.title FROM plans p
      WHERE p.archived_at IS NULL AND p.id IS DISTINCT FROM $2
        AND EXISTS (SELECT 1 FROM plan_drafts d JOIN plan_documents doc ON doc.id = d.document_id
                     WHERE d.plan_id = p.id AND doc.sha256 = $1)
      ORDER BY p.created_at LIMIT 1`,
    [sha256, exceptPlanId],
  );
  const existing = rows[0];
  if (existing) {
    throw new DubanError('PLAN_DUPLICATE', `该文件已导入为计划「${existing.title}」，请勿重复导入`, {
      planId: existing.id,
      title: existing.title,
    });
  }
}
