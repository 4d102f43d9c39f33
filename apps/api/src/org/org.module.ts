import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OrgImportService } from '@duban/org';
import { OrgUnitCommandService } from './org-unit-command.service';
import { OrgUnitQueryService } from './org-unit-query.service';
import { OrgUnitsController } from './org-units.controller';
import { UnitMatchesController } from './unit-matches.controller';
import { UnitMatchService } from './unit-match.service';

@Module({
  imports: [AuditModule],
  controllers: [OrgUnitsController, UnitMatchesController],
  providers: [OrgUnitQueryService, OrgUnitCommandService, OrgImportService, UnitMatchService],
  exports: [OrgImportService],
})
export class OrgModule {}
