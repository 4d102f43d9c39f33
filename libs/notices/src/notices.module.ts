import { Module } from '@nestjs/common';
import { AuditService } from '@duban/audit';
import { RemindersModule } from '@duban/reminders';
import { NoticeDelivery } from './delivery';
import { NoticeService } from './notice.service';
import { UrgeService } from './urge.service';
import { NotificationService } from './notifications.service';

const SERVICES = [AuditService, NoticeDelivery, UrgeService, NoticeService, NotificationService];

/**
 * 催办 and the 督办单 as providers with no HTTP in them (the API's controllers and the CLI's demo
 * call them). Needs a TypeORM data source, `AppConfig` and `Clock` from the importing app.
 */
@Module({ imports: [RemindersModule], providers: SERVICES, exports: SERVICES })
export class NoticesModule {}
