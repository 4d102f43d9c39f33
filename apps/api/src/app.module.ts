import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { CoreModule } from './core.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthController } from './health/health.controller';
import { InboxModule } from './inbox/inbox.module';
import { NoticesModule } from './notices/notices.module';
import { QueueSessionModule } from './admin/queue-session';
import { SummaryApiModule } from './summary/summary.api.module';
import { TaskSheetModule } from './task-sheet/task-sheet.module';
import { AuthModule } from './auth/auth.module';
import { OrgModule } from './org/org.module';
import { PlansModule } from './plans/plans.module';
import { RoutingModule } from './routing/routing.module';
import { RemindersHooksModule } from '@duban/reminders';
import { RollupsApiModule } from './rollups/rollups.module';
import { RemindersApiModule } from './reminders/reminders.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class ApiModule {
  /** `logFile`: write the log there instead of stdout (the demo keeps its report readable). */
  static forConfig(config: AppConfig, logFile?: string): DynamicModule {
    const options = {
      level: config.LOG_LEVEL,
      // the request id Fastify assigned is the one error bodies quote
      genReqId: (req: unknown) => (req as { id?: string }).id ?? String(Date.now()),
      autoLogging: config.NODE_ENV !== 'test',
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    };
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: logFile ? [options, pino.destination({ dest: logFile, mkdir: true, sync: true })] : options,
        }),
        CoreModule.forConfig(config),
        AuthModule,
        UsersModule,
        OrgModule,
        PlansModule,
        EvidenceModule,
        InboxModule,
        TaskSheetModule,
        SummaryApiModule,
        TasksModule,
        RoutingModule,
        RemindersHooksModule,
        NoticesModule,
        QueueSessionModule,
        RollupsApiModule,
        RemindersApiModule,
      ],
      controllers: [HealthController],
    };
  }
}
