import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { EvidenceFile } from '@duban/db';
import {
  detectFileType,
  FileTooLargeError,
  safeDisplayName,
  SNIFF_BYTES,
  sniffStream,
  type FileStorage,
  type StoredFile,
} from '@duban/storage';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import type { RequestContext } from '@duban/audit';
import { FILE_STORAGE, readSingleFile } from '@duban/storage';
import { loadAssignment, requireActor, requireOpen, visibleAssignment } from './evidence-access';
import { EvidenceErrors } from './evidence-errors';
import { EvidenceQueryService } from './evidence-query.service';
import type { EvidenceView } from './evidence.views';

const NAMESPACE = 'evidence';
/** room for boundaries, part headers and the small fields around the file in a multipart body */
const MULTIPART_OVERHEAD = 64 * 1024;
const REQUIREMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Serialises everything that decides whether stored bytes of one sha256 are kept (see `forget`). */
const lockContent = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 7))';

/**
 * Streams an evidence upload into storage (never buffering it whole), refusing as early as it can:
 * declared size, access and assignment state before the body is read; type by the first bytes;
 * size while streaming. The row and its audit event are written in one transaction afterwards.
 */
@Injectable()
export class EvidenceUploadService {
  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly audit: AuditService,
    private readonly queries: EvidenceQueryService,
    private readonly clock: Clock,
  ) {}

  async upload(
    ctx: RequestContext,
    user: AuthUser,
    assignmentId: string,
    req: FastifyRequest,
    queryRequirementId?: string,
  ): Promise<EvidenceView> {
    const maxBytes = this.config.EVIDENCE_MAX_BYTES;
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD) throw EvidenceErrors.tooLarge(maxBytes);
    if (!req.isMultipart()) throw EvidenceErrors.notMultipart();

    const assignment = await visibleAssignment(this.db.manager, user, assignmentId);
    requireActor(user, assignment, 'unit');
    requireOpen(assignment);

    // per-request limits override the plugin's (it is sized for plan imports); one byte over is enough to know
    const { part, stream: bytes } = await readSingleFile(req, { fileSize: maxBytes + 1, fields: 4, fieldSize: 256, parts: 5 });
    try {
      const requirementId = await this.requirementOf(assignment.taskId, fieldValue(part, 'requirementId') ?? queryRequirementId);
      const fileName = safeDisplayName(part.filename);
      const { head, stream } = await sniffStream(bytes, SNIFF_BYTES);
      const type = await detectFileType(head, part.filename);
      if (!type.ok) {
        stream.destroy();
        throw EvidenceErrors.refusedType(type.code, type.messageZh, type.detected);
      }
      const stored = await this.store(stream, maxBytes);
      const id = await this.record(ctx, user, assignmentId, requirementId, fileName, stored, type).catch(async (e: unknown) => {
        await this.forget(stored);
        throw e;
      });
      return this.queries.view(id);
    } finally {
      // refused before the end: stop busboy feeding a stream nobody reads (the reply closes the connection)
      if (!part.file.readableEnded) part.file.destroy();
    }
  }

  private async requirementOf(taskId: string, requirementId: string | undefined): Promise<string | null> {
    if (requirementId === undefined || requirementId === '') return null;
    if (!REQUIREMENT_ID.test(requirementId)) throw EvidenceErrors.unknownRequirement();
    const found = await this.db.query(`SELECT 1 FROM task_evidence_requirements WHERE id = $1 AND task_id = $2`, [requirementId, taskId]);
    if (found.length === 0) throw EvidenceErrors.unknownRequirement();
    return requirementId;
  }

  private async store(stream: Readable, maxBytes: number): Promise<StoredFile> {
    try {
      return await this.storage.put(stream, { namespace: NAMESPACE, maxBytes });
    } catch (e) {
      if (e instanceof FileTooLargeError || (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw EvidenceErrors.tooLarge(maxBytes);
      throw e; // an aborted upload: storage has removed its temporary file
    }
  }

  private record(
    ctx: RequestContext,
    user: AuthUser,
    assignmentId: string,
    requirementId: string | null,
    fileName: string,
    stored: StoredFile,
    type: { ext: string; mime: string; extensionMismatch: boolean },
  ): Promise<string> {
    return this.db.transaction(async (m) => {
      // the assignment may have been approved while the bytes were arriving
      const assignment = await loadAssignment(m, assignmentId, true);
      if (!assignment) throw EvidenceErrors.notFound();
      requireOpen(assignment);
      await m.query(lockContent, [stored.sha256]);
      const existing = await m.findOneBy(EvidenceFile, { assignmentId, sha256: stored.sha256, withdrawnAt: IsNull() });
      if (existing) throw EvidenceErrors.duplicate(existing.id, existing.fileName);
      // under the content lock: a refused upload of the same bytes may have just removed them
      if (!(await this.storage.exists(stored.key))) throw EvidenceErrors.bytesMissing();
      const row = await m.save(
        Object.assign(new EvidenceFile(), {
          assignmentId,
          requirementId,
          fileName,
          storageKey: stored.key,
          sha256: stored.sha256,
          byteSize: stored.size,
          mime: type.mime,
          ext: type.ext,
          uploadedBy: user.id,
          uploadedAt: this.clock.now(),
        }),
      );
      await this.audit.record(m, ctx, {
        action: 'evidence.uploaded',
        objectType: 'evidence_file',
        objectId: row.id,
        after: {
          assignmentId,
          requirementId,
          fileName,
          sha256: stored.sha256,
          byteSize: stored.size,
          ext: type.ext,
          ...(type.extensionMismatch ? { extensionMismatch: true } : {}),
        },
      });
      return row.id;
    });
  }

  /** Removes the stored bytes of a refused upload unless some evidence row still references them. */
  private async forget(stored: StoredFile): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(lockContent, [stored.sha256]);
      const referenced = await m.query(`SELECT 1 FROM evidence_files WHERE sha256 = $1 AND storage_key = $2 LIMIT 1`, [
        stored.sha256,
        stored.key,
      ]);
      if (referenced.length === 0) await this.storage.remove(stored.key);
    });
  }
}

/** A text field sent before the file part (fields after it are not read: the file is streamed). */
function fieldValue(part: MultipartFile, name: string): string | undefined {
  const field: Multipart | Multipart[] | undefined = part.fields[name];
  const first = Array.isArray(field) ? field[0] : field;
  return first && first.type === 'field' && typeof first.value === 'string' ? first.value.trim() : undefined;
}
