import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { Plan, PlanDocument, PlanDraft, PlanDraftRevision, together } from '@duban/db';
import type { ParsedPlan } from '@duban/plan-parser';
import { applyDraftOperations, diffPlan, type DraftOperation, type PlanDiff } from '@duban/plan-revision';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@duban/audit';
import { DubanError, versionConflict } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { refuseDuplicate } from './plan-duplicates';
import { periodColumns } from './plan-period';
import { readExistingPoints } from './plan-tree.reader';
import { writePlanTree } from './plan-tree.writer';

export interface DraftView {
  planId: string;
  planStatus: string;
  draftId: string;
  version: number;
  document: { id: string; fileName: string; sha256: string; byteSize: number; format: string; encoding: string; uploadedAt: Date };
  parsed: ParsedPlan;
  diff: PlanDiff | null;
  canUndo: boolean;
  updatedAt: Date;
}

/** Reading, editing, undoing, discarding and confirming the open draft of a plan. */
@Injectable()
export class PlanDraftService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async getOpenDraft(planId: string, manager: EntityManager = this.db.manager): Promise<DraftView> {
    const draft = await manager.findOneBy(PlanDraft, { planId, status: 'open' });
    if (!draft) throw DubanError.notFound('草稿', 'DRAFT_NOT_FOUND');
    const [plan, document, revisions] = await together(
      manager,
      () => manager.findOneByOrFail(Plan, { id: planId }),
      () => manager.findOneByOrFail(PlanDocument, { id: draft.documentId }),
      () => manager.countBy(PlanDraftRevision, { draftId: draft.id }),
    );
    return {
      planId,
      planStatus: plan.status,
      draftId: draft.id,
      version: draft.version,
      document: {
        id: document.id,
        fileName: document.fileName,
        sha256: document.sha256,
        byteSize: document.byteSize,
        format: document.format,
        encoding: document.encoding,
        uploadedAt: document.uploadedAt,
      },
      parsed: draft.parsed,
      diff: draft.diff,
      canUndo: revisions > 0,
      updatedAt: draft.updatedAt,
    };
  }

  async edit(ctx: RequestContext, planId: string, version: number, operations: DraftOperation[]): Promise<DraftView> {
    return this.db.transaction(async (m) => {
      const { draft, plan } = await this.lockDraft(m, planId, version, ctx.actor);
      const parsed = applyDraftOperations(draft.parsed, operations);
      await m.insert(PlanDraftRevision, {
        draftId: draft.id,
        version: draft.version,
        parsed: draft.parsed,
        operations,
        createdBy: ctx.actor,
      });
      const diff = plan.status === 'confirmed' ? diffPlan(await readExistingPoints(m, planId), parsed) : null;
      await this.saveDraft(m, draft, parsed, diff);
      await this.audit.record(m, ctx, {
        action: 'plan.draft.edited',
        objectType: 'plan_draft',
        objectId: draft.id,
        before: { version: draft.version },
        after: { version: draft.version + 1, operations },
      });
      return this.getOpenDraft(planId, m);
    });
  }

  /** Restores the state before the last edit (repeatable, one edit at a time). */
  async undo(ctx: RequestContext, planId: string, version: number): Promise<DraftView> {
    return this.db.transaction(async (m) => {
      const { draft, plan } = await this.lockDraft(m, planId, version, ctx.actor);
      const last = await m.findOne(PlanDraftRevision, { where: { draftId: draft.id }, order: { version: 'DESC' } });
      if (!last) throw new DubanError('DRAFT_NOTHING_TO_UNDO', '没有可以撤销的修改');
      await m.delete(PlanDraftRevision, { id: last.id });
      const diff = plan.status === 'confirmed' ? diffPlan(await readExistingPoints(m, planId), last.parsed) : null;
      await this.saveDraft(m, draft, last.parsed, diff);
      await this.audit.record(m, ctx, {
        action: 'plan.draft.undone',
        objectType: 'plan_draft',
        objectId: draft.id,
        before: { version: draft.version },
        after: { version: draft.version + 1, restoredVersion: last.version, undoneOperations: last.operations },
      });
      return this.getOpenDraft(planId, m);
    });
  }

  async discard(ctx: RequestContext, planId: string, version: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const { draft, plan } = await this.lockDraft(m, planId, version, ctx.actor);
      await m.update(PlanDraft, { id: draft.id }, { status: 'discarded' });
      await this.audit.record(m, ctx, {
        action: 'plan.draft.discarded',
        objectType: 'plan_draft',
        objectId: draft.id,
        before: { status: 'open' },
        after: { status: 'discarded' },
      });
      // a plan never confirmed has nothing left without its draft: archive it (rows and audit stay)
      if (plan.status === 'draft') {
        const archivedAt = this.clock.now();
        await m.update(Plan, { id: planId }, { archivedAt });
        await this.audit.record(m, ctx, {
          action: 'plan.archived',
          objectType: 'plan',
          objectId: planId,
          before: { archivedAt: null },
          after: { archivedAt, reason: 'draft discarded before the first confirmation' },
        });
      }
    });
  }

  /**
   * Brings back an archived plan with the draft it was archived with, unless another live plan
   * has meanwhile been imported from one of its documents (409 PLAN_DUPLICATE).
   */
  async restore(ctx: RequestContext, planId: string): Promise<DraftView> {
    await this.db.transaction(async (m) => {
      const plan = await m.findOne(Plan, { where: { id: planId }, lock: { mode: 'pessimistic_write' } });
      if (!plan?.archivedAt) throw DubanError.notFound('已归档的计划', 'PLAN_NOT_FOUND');
      const documents: { sha256: string }[] = await m.query(
        `SELECT DISTINCT doc.sha256 FROM plan_drafts d JOIN plan_documents doc ON doc.id = d.document_id
          WHERE d.plan_id = $1 ORDER BY doc.sha256`,
        [planId],
      );
      for (const { sha256 } of documents) await refuseDuplicate(m, sha256, planId);
      const latest = await m.findOneOrFail(PlanDraft, { where: { planId }, order: { createdAt: 'DESC' } });
      await m.update(PlanDraft, { id: latest.id }, { status: 'open' });
      await m.update(Plan, { id: planId }, { archivedAt: null });
      await this.audit.record(m, ctx, {
        action: 'plan.restored',
        objectType: 'plan',
        objectId: planId,
        before: { archivedAt: plan.archivedAt, draftStatus: latest.status },
        after: { archivedAt: null, draftId: latest.id, draftStatus: 'open' },
      });
    });
    return this.getOpenDraft(planId);
  }

  /**
   * Writes the draft into the plan in one transaction: the whole tree for a new plan, or the diff
   * for a revision (unchanged and edited points keep their ids).
   */
  async confirm(ctx: RequestContext, planId: string, version: number): Promise<{ planId: string; diff: PlanDiff['summary'] | null }> {
    return this.db.transaction(async (m) => {
      const { draft, plan } = await this.lockDraft(m, planId, version, ctx.actor);
      const parsed = draft.parsed;
      if (parsed.sections.length === 0) throw new DubanError('DRAFT_EMPTY', '草稿中没有任何章节，无法确认');
      const diff = plan.status === 'confirmed' ? diffPlan(await readExistingPoints(m, planId), parsed) : null;
      await writePlanTree(m, planId, parsed, diff);
      const before = {
        status: plan.status,
        title: plan.title,
        year: plan.year,
        period: plan.periodFrom === null || plan.periodTo === null ? null : { from: plan.periodFrom, to: plan.periodTo },
        documentId: plan.documentId,
      };
      const after = {
        status: 'confirmed' as const,
        title: parsed.title || plan.title,
        year: parsed.year,
        ...periodColumns(parsed),
        preamble: parsed.preamble,
        documentId: draft.documentId,
        confirmedAt: this.clock.now(),
        confirmedBy: ctx.actor,
      };
      await m.update(Plan, { id: planId }, after);
      await m.update(PlanDraft, { id: draft.id }, { status: 'confirmed', diff });
      await this.audit.record(m, ctx, {
        action: plan.status === 'confirmed' ? 'plan.revision.confirmed' : 'plan.confirmed',
        objectType: 'plan',
        objectId: planId,
        before,
        after: {
          status: after.status,
          title: after.title,
          year: after.year,
          period: after.periodFrom === null || after.periodTo === null ? null : { from: after.periodFrom, to: after.periodTo },
          documentId: after.documentId,
          draftId: draft.id,
          diff: diff?.summary ?? null,
        },
      });
      return { planId, diff: diff?.summary ?? null };
    });
  }

  /** Locks the open draft; a stale version means someone else edited it since the caller read it. */
  private async lockDraft(
    m: EntityManager,
    planId: string,
    version: number,
    actor: string | null,
  ): Promise<{ draft: PlanDraft; plan: Plan }> {
    const draft = await m.findOne(PlanDraft, { where: { planId, status: 'open' }, lock: { mode: 'pessimistic_write' } });
    if (!draft) {
      // a double click on 确认 finds the draft already confirmed: say so rather than "not found"
      const latest = await m.findOne(PlanDraft, { where: { planId }, order: { createdAt: 'DESC' } });
      if (latest?.status === 'confirmed') throw new DubanError('DRAFT_ALREADY_CONFIRMED', '该草稿已经确认过了');
      throw DubanError.notFound('草稿', 'DRAFT_NOT_FOUND');
    }
    if (draft.version !== version) {
      const current = { currentVersion: draft.version };
      throw await versionConflict(m, { code: 'DRAFT_VERSION_CONFLICT', objectType: 'plan_draft', objectId: draft.id, current }, actor);
    }
    const plan = await m.findOneByOrFail(Plan, { id: planId });
    return { draft, plan };
  }

  private async saveDraft(m: EntityManager, draft: PlanDraft, parsed: ParsedPlan, diff: PlanDiff | null): Promise<void> {
    await m
      .createQueryBuilder()
      .update(PlanDraft)
      .set({ parsed: () => ':parsed::jsonb', diff: () => ':diff::jsonb', version: () => 'version + 1', updatedAt: this.clock.now() })
      .setParameters({ parsed: JSON.stringify(parsed), diff: diff === null ? null : JSON.stringify(diff) })
      .where('id = :id', { id: draft.id })
      .execute();
  }
}
