import { Module } from '@nestjs/common';
import { PlanAccess } from '@duban/access';
import { AuditService } from '@duban/audit';
import { RollupsModule } from '@duban/rollups';
import { SummaryCompletionRate } from './completion-rate';
import { ReconciliationService } from './reconciliation.service';
import { SummaryQueue } from './summary.queue';
import { SummaryService } from './summary.service';

const SERVICES = [AuditService, PlanAccess, SummaryCompletionRate, SummaryQueue, SummaryService, ReconciliationService];

/**
 * The year-end summary and its reconciliation, as providers with no HTTP in them (API, worker,
 * CLI demo and bench import it alike). Needs a TypeORM data source, `AppConfig`, `Clock` and
 * `FILE_STORAGE` from the importing app's core module.
 */
@Module({ imports: [RollupsModule], providers: SERVICES, exports: SERVICES })
export class SummaryModule {}
