import { Inject, Injectable } from '@nestjs/common';
import { EvidenceFile } from '@duban/db';
import type { FileStorage } from '@duban/storage';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { FILE_STORAGE } from '@duban/storage';
import { canSeeAssignment } from '@duban/access';
import { loadAssignment, visibleAssignment, type EvidenceAssignment } from './evidence-access';
import { readChecklist } from './evidence-checklist';
import { EvidenceErrors } from './evidence-errors';
import type { EvidenceListView, EvidenceView } from './evidence.views';

interface EvidenceRow {
  id: string;
  assignment_id: string;
  requirement_id: string | null;
  requirement_name: string | null;
  file_name: string;
  byte_size: string;
  sha256: string;
  mime: string;
  ext: string;
  uploaded_by: string | null;
  uploader_name: string | null;
  uploaded_at: Date;
  review_state: EvidenceView['reviewState'];
  review_reason: string | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  reviewed_at: Date | null;
  withdrawn_at: Date | null;
}

const SELECT_VIEW = `
  SELECT f.*, r.name AS requirement_name, up.display_name AS uploader_name, rv.display_name AS reviewer_name
    FROM evidence_files f
    LEFT JOIN task_evidence_requirements r ON r.id = f.requirement_id
    LEFT JOIN users up ON up.id = f.uploaded_by
    LEFT JOIN users rv ON rv.id = f.reviewed_by`;

const toView = (r: EvidenceRow): EvidenceView => ({
  id: r.id,
  assignmentId: r.assignment_id,
  requirementId: r.requirement_id,
  requirementName: r.requirement_name,
  fileName: r.file_name,
  byteSize: Number(r.byte_size),
  sha256: r.sha256,
  mime: r.mime,
  ext: r.ext,
  uploadedBy: r.uploaded_by ? { id: r.uploaded_by, displayName: r.uploader_name ?? '' } : null,
  uploadedByName: r.uploaded_by ? (r.uploader_name ?? null) : null,
  uploadedAt: r.uploaded_at.toISOString(),
  reviewState: r.review_state,
  reviewReason: r.review_reason,
  reviewedBy: r.reviewed_by ? { id: r.reviewed_by, displayName: r.reviewer_name ?? '' } : null,
  reviewedByName: r.reviewed_by ? (r.reviewer_name ?? null) : null,
  reviewedAt: r.reviewed_at?.toISOString() ?? null,
  withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
});

export interface Download {
  file: EvidenceFile;
  stream: Readable;
}

/** Reads evidence: lists per assignment, single files, downloads. Everything narrowed by canSeeAssignment. */
@Injectable()
export class EvidenceQueryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async list(user: AuthUser, assignmentId: string, includeWithdrawn = false): Promise<EvidenceListView> {
    await visibleAssignment(this.db.manager, user, assignmentId);
    const rows: EvidenceRow[] = await this.db.query(
      `${SELECT_VIEW} WHERE f.assignment_id = $1 ${includeWithdrawn ? '' : 'AND f.withdrawn_at IS NULL'} ORDER BY f.uploaded_at, f.id`,
      [assignmentId],
    );
    return { assignmentId, items: rows.map(toView), checklist: await readChecklist(this.db.manager, assignmentId) };
  }

  async view(id: string, m: EntityManager = this.db.manager): Promise<EvidenceView> {
    const rows: EvidenceRow[] = await m.query(`${SELECT_VIEW} WHERE f.id = $1`, [id]);
    if (!rows[0]) throw EvidenceErrors.notFound();
    return toView(rows[0]);
  }

  /** A live file and its assignment, if the user may see them; 404 otherwise (withdrawn files included). */
  async visibleFile(
    m: EntityManager,
    user: AuthUser,
    id: string,
    lockAssignment = false,
  ): Promise<{ file: EvidenceFile; assignment: EvidenceAssignment }> {
    const file = await m.findOneBy(EvidenceFile, { id });
    if (!file || file.withdrawnAt) throw EvidenceErrors.notFound();
    const assignment = await loadAssignment(m, file.assignmentId, lockAssignment);
    if (!assignment || !canSeeAssignment(user, assignment)) throw EvidenceErrors.notFound();
    return { file, assignment };
  }

  async download(user: AuthUser, id: string): Promise<Download> {
    const { file } = await this.visibleFile(this.db.manager, user, id);
    // checked first so a lost file is a clear error, not a response cut off after its headers
    const stat = await this.storage.stat(file.storageKey);
    if (!stat || stat.size !== file.byteSize) throw EvidenceErrors.bytesMissing();
    return { file, stream: this.storage.openRead(file.storageKey) };
  }
}
