import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import type { RequestContext } from '@duban/audit';
import { requireActor, requireOpen } from './evidence-access';
import { EvidenceErrors } from './evidence-errors';
import { EvidenceQueryService } from './evidence-query.service';
import type { EvidenceView } from './evidence.views';

type ReviewState = EvidenceView['reviewState'];

interface Decision {
  action: 'accept' | 'return';
  to: ReviewState;
  /** states the decision can be taken from: a reviewer may change their mind until the assignment is approved */
  from: readonly ReviewState[];
  label: string;
}

const DECISIONS: Record<Decision['action'], Decision> = {
  accept: { action: 'accept', to: 'accepted', from: ['pending', 'returned'], label: '审核通过' },
  return: { action: 'return', to: 'returned', from: ['pending', 'accepted'], label: '退回' },
};

/**
 * Decisions on single evidence files: the reviewer accepts or returns (with a reason), the unit
 * withdraws. A returned file stays as it is; the unit answers by uploading a new file. Each
 * decision runs under a share lock on the assignment row (see assertRequiredEvidenceAccepted) and
 * is audited in the same transaction.
 */
@Injectable()
export class EvidenceReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly queries: EvidenceQueryService,
    private readonly clock: Clock,
  ) {}

  async decide(ctx: RequestContext, user: AuthUser, id: string, action: Decision['action'], reason: string | null): Promise<EvidenceView> {
    const decision = DECISIONS[action];
    await this.db.transaction(async (m) => {
      const { file, assignment } = await this.queries.visibleFile(m, user, id, true);
      requireActor(user, assignment, 'reviewer');
      requireOpen(assignment);
      const updated: unknown[] = await m.query(
        `UPDATE evidence_files SET review_state = $2, review_reason = $3, reviewed_by = $4, reviewed_at = $6
          WHERE id = $1 AND withdrawn_at IS NULL AND review_state = ANY($5) RETURNING id`,
        [id, decision.to, reason, user.id, decision.from, this.clock.now()],
      );
      // RETURNING on UPDATE gives [rows, count] through TypeORM's postgres driver
      if (rowCount(updated) === 0) throw EvidenceErrors.reviewConflict(file.reviewState, decision.label);
      await this.audit.record(m, ctx, {
        action: action === 'accept' ? 'evidence.accepted' : 'evidence.returned',
        objectType: 'evidence_file',
        objectId: id,
        before: { reviewState: file.reviewState, reviewReason: file.reviewReason },
        after: { reviewState: decision.to, reviewReason: reason, assignmentId: file.assignmentId, requirementId: file.requirementId },
      });
    });
    return this.queries.view(id);
  }

  async withdraw(ctx: RequestContext, user: AuthUser, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { file, assignment } = await this.queries.visibleFile(m, user, id, true);
      requireActor(user, assignment, 'unit');
      requireOpen(assignment);
      const updated: unknown[] = await m.query(
        `UPDATE evidence_files SET withdrawn_at = $2
          WHERE id = $1 AND withdrawn_at IS NULL AND review_state IN ('pending', 'returned') RETURNING id`,
        [id, this.clock.now()],
      );
      if (rowCount(updated) === 0) throw EvidenceErrors.notWithdrawable();
      await this.audit.record(m, ctx, {
        action: 'evidence.withdrawn',
        objectType: 'evidence_file',
        objectId: id,
        before: { reviewState: file.reviewState, withdrawnAt: null },
        after: { assignmentId: file.assignmentId, fileName: file.fileName, sha256: file.sha256, withdrawn: true },
      });
    });
  }
}

function rowCount(result: unknown[]): number {
  return typeof result[1] === 'number' ? result[1] : Array.isArray(result[0]) ? result[0].length : result.length;
}
