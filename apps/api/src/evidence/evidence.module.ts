import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { EvidenceController } from './evidence.controller';
import { EvidenceQueryService } from './evidence-query.service';
import { EvidenceRequirementsService } from './evidence-requirements.service';
import { EvidenceReviewService } from './evidence-review.service';
import { EvidenceUploadService } from './evidence-upload.service';

/** Evidence (佐证材料): streamed uploads, downloads, per-file review and the task checklist. */
@Module({
  imports: [AuditModule],
  controllers: [EvidenceController],
  providers: [EvidenceUploadService, EvidenceQueryService, EvidenceReviewService, EvidenceRequirementsService],
})
export class EvidenceModule {}
