import { Module } from '@nestjs/common';
import { WorkModule } from '@duban/work';
import { EvidenceController } from './evidence.controller';

/** Evidence (佐证材料): streamed uploads, downloads, per-file review and the task checklist. */
@Module({
  imports: [WorkModule],
  controllers: [EvidenceController],
})
export class EvidenceModule {}
