import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PlanAccess } from '@duban/access';
import { PlanDraftService } from './plan-draft.service';
import { PlanImportService } from './plan-import.service';
import { PlanQueryService } from './plan-query.service';
import { PlansController } from './plans.controller';

@Module({
  imports: [AuditModule],
  controllers: [PlansController],
  providers: [PlanImportService, PlanDraftService, PlanQueryService, PlanAccess],
})
export class PlansModule {}
