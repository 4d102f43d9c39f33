import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@duban/config';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule } from './core.module';
import { EvidenceModule } from './evidence/evidence.module';
import { HealthController } from './health/health.controller';
import { InboxModule } from './inbox/inbox.module';
import { TaskSheetModule } from './task-sheet/task-sheet.module';
import { AuthModule } from './auth/auth.module';
import { OrgModule } from './org/org.module';
import { PlansModule } from './plans/plans.module';
import { RemindersApiModule } from './reminders/reminders.module';
import { TasksModule } from './tasks/tasks.module';
import { UsersModule } from './users/users.module';

@Module({})
export class ApiModule {
  static forConfig(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // the request id Fastify assigned is the one error bodies quote
            genReqId: (req) => (req as { id?: string }).id ?? String(Date.now()),
            autoLogging: config.NODE_ENV !== 'test',
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
        }),
        CoreModule.forConfig(config),
        AuthModule,
        UsersModule,
        OrgModule,
        PlansModule,
        EvidenceModule,
        InboxModule,
        TaskSheetModule,
        TasksModule,
        RemindersApiModule,
      ],
      controllers: [HealthController],
    };
  }
}
