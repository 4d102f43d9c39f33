import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { Plan, PlanDocument, PlanDraft } from '@duban/db';
import { parsePlan, PlanRefusedError, type ParsedPlan } from '@duban/plan-parser';
import { diffPlan, type PlanDiff } from '@duban/plan-revision';
import { FileTooLargeError, type FileStorage } from '@duban/storage';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { FILE_STORAGE } from '../common/storage.provider';
import { refuseDuplicate } from './plan-duplicates';
import { readExistingPoints } from './plan-tree.reader';
import { PlanDraftService, type DraftView } from './plan-draft.service';
import { periodColumns } from './plan-period';

export interface Upload {
  fileName: string;
  stream: Readable;
}

const MAX_FILE_NAME = 255;

/** Stores an uploaded document, parses it, and opens a draft: for a new plan or a revision. */
@Injectable()
export class PlanImportService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly drafts: PlanDraftService,
    private readonly clock: Clock,
  ) {}

  async importNew(ctx: RequestContext, upload: Upload): Promise<DraftView> {
    const { document, parsed } = await this.storeAndParse(upload);
    const planId = await this.db
      .transaction(async (m) => {
        await refuseDuplicate(m, document.sha256);
        const doc = await this.insertDocument(m, ctx, document);
        const plan = await m.save(
          Object.assign(new Plan(), {
            status: 'draft',
            title: parsed.title || document.fileName,
            year: parsed.year,
            ...periodColumns(parsed),
            createdBy: ctx.actor,
            createdAt: this.clock.now(),
          }),
        );
        const draft = await this.insertDraft(m, ctx, plan.id, doc.id, parsed, null);
        await this.audit.record(m, ctx, {
          action: 'plan.imported',
          objectType: 'plan',
          objectId: plan.id,
          after: { documentId: doc.id, draftId: draft.id, title: plan.title, sha256: doc.sha256 },
        });
        return plan.id;
      })
      .catch(async (e: unknown) => {
        await this.forget(document);
        throw e;
      });
    return this.drafts.getOpenDraft(planId);
  }

  /** A revised document for an existing plan: the draft carries the diff against what is confirmed. */
  async reimport(ctx: RequestContext, planId: string, upload: Upload): Promise<DraftView> {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId, archivedAt: IsNull() });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    const { document, parsed } = await this.storeAndParse(upload);
    await this.db
      .transaction(async (m) => {
        await m
          .createQueryBuilder()
          .select('1')
          .from(Plan, 'p')
          .where('p.id = :planId', { planId })
          .setLock('pessimistic_write')
          .getRawOne();
        const doc = await this.insertDocument(m, ctx, document);
        const superseded = await m.findOneBy(PlanDraft, { planId, status: 'open' });
        if (superseded) {
          await m.update(PlanDraft, { id: superseded.id }, { status: 'discarded' });
          await this.audit.record(m, ctx, {
            action: 'plan.draft.discarded',
            objectType: 'plan_draft',
            objectId: superseded.id,
            before: { status: 'open' },
            after: { status: 'discarded', reason: 'superseded by a new import' },
          });
        }
        const diff = plan.status === 'confirmed' ? diffPlan(await readExistingPoints(m, planId), parsed) : null;
        const draft = await this.insertDraft(m, ctx, planId, doc.id, parsed, diff);
        await this.audit.record(m, ctx, {
          action: 'plan.reimported',
          objectType: 'plan',
          objectId: planId,
          after: { documentId: doc.id, draftId: draft.id, sha256: doc.sha256, diff: diff?.summary ?? null },
        });
      })
      .catch(async (e: unknown) => {
        await this.forget(document);
        throw e;
      });
    return this.drafts.getOpenDraft(planId);
  }

  private async storeAndParse(upload: Upload): Promise<{ document: StoredDocument; parsed: ParsedPlan }> {
    const fileName = sanitiseFileName(upload.fileName);
    let stored;
    try {
      stored = await this.storage.put(upload.stream, { namespace: 'plans', maxBytes: this.config.PLAN_MAX_BYTES });
    } catch (e) {
      if (e instanceof FileTooLargeError || (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new PlanRefusedError(
          'PLAN_TOO_LARGE',
          `文件超过 ${mb(this.config.PLAN_MAX_BYTES)} MB 上限`,
          `The file exceeds the ${mb(this.config.PLAN_MAX_BYTES)} MB limit`,
        );
      }
      throw e;
    }
    const document: StoredDocument = { fileName, ...stored, format: '', encoding: '' };
    try {
      const bytes = await this.storage.read(stored.key);
      const parsed = await parsePlan(bytes, fileName, {
        maxFileBytes: this.config.PLAN_MAX_BYTES,
        maxUnzippedBytes: this.config.PLAN_MAX_UNZIPPED_BYTES,
      });
      if (parsed.sections.length === 0) {
        throw new PlanRefusedError(
          'PLAN_NO_STRUCTURE',
          '未能识别出任何章节（一、二、…），请确认这是一份工作要点或规划文件',
          'No sections (一、二、…) were found: is this a work plan?',
        );
      }
      return { document: { ...document, format: parsed.format, encoding: parsed.encoding }, parsed };
    } catch (e) {
      await this.forget(document);
      throw e;
    }
  }

  /** Removes stored bytes of a refused upload unless an accepted document has the same content. */
  private async forget(document: StoredDocument): Promise<void> {
    const referenced = await this.db.getRepository(PlanDocument).existsBy({ sha256: document.sha256 });
    if (!referenced) await this.storage.remove(document.key);
  }

  private insertDocument(m: EntityManager, ctx: RequestContext, d: StoredDocument): Promise<PlanDocument> {
    return m.save(
      Object.assign(new PlanDocument(), {
        fileName: d.fileName,
        byteSize: d.size,
        sha256: d.sha256,
        format: d.format,
        encoding: d.encoding,
        storageKey: d.key,
        uploadedBy: ctx.actor,
        uploadedAt: this.clock.now(),
      }),
    );
  }

  private async insertDraft(
    m: EntityManager,
    ctx: RequestContext,
    planId: string,
    documentId: string,
    parsed: ParsedPlan,
    diff: PlanDiff | null,
  ): Promise<PlanDraft> {
    try {
      return await m.save(
        Object.assign(new PlanDraft(), {
          planId,
          documentId,
          status: 'open',
          parsed,
          diff,
          createdBy: ctx.actor,
          createdAt: this.clock.now(),
        }),
      );
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new DubanError('DRAFT_ALREADY_OPEN', '该计划已有一份正在编辑的草稿，请先确认或放弃');
      throw e;
    }
  }
}

interface StoredDocument {
  fileName: string;
  key: string;
  sha256: string;
  size: number;
  format: string;
  encoding: string;
}

const mb = (bytes: number): string => String(Math.round((bytes / 1024 / 1024) * 10) / 10);

/** Keeps the name people gave the file as metadata only; strips paths and control characters. */
export function sanitiseFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    .slice(0, MAX_FILE_NAME);
  if (clean === '' || clean === '.' || clean === '..') throw new DubanError('UPLOAD_BAD_FILE_NAME', '文件名无效');
  return clean;
}
