import { Module } from '@nestjs/common';
import { AuditService } from '@duban/audit';
import { NoticeDelivery } from './delivery';
import { NoticeService } from './notice.service';
import { UrgeService } from './urge.service';

const SERVICES = [AuditService, NoticeDelivery, UrgeService, NoticeService];

/**
 * 催办 and the 督办单 as providers with no HTTP in them (the API's controllers and the CLI's demo
 * call them). Needs a TypeORM data source, `AppConfig` and `Clock` from the importing app.
 */
@Module({ providers: SERVICES, exports: SERVICES })
export class NoticesModule {}
