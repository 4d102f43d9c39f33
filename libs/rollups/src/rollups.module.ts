import { Module } from '@nestjs/common';
import { CalendarProvider } from './calendar.provider';
import { RollupService } from './rollup.service';
import { SnapshotService } from './snapshot.service';

const SERVICES = [CalendarProvider, RollupService, SnapshotService];

/**
 * Roll-ups as providers, no HTTP: the API's controllers, the worker's snapshot job, the CLI and the
 * year-end summary call them. Needs a TypeORM data source and `Clock` (and optionally `AppConfig`
 * for the lights' margin) from the importing app.
 */
@Module({ providers: SERVICES, exports: SERVICES })
export class RollupsModule {}
