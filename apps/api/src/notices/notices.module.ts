import { Module } from '@nestjs/common';
import { NoticesModule as NoticesDomainModule } from '@duban/notices';
import { NoticesController } from './notices.controller';
import { NotificationsController } from './notifications.controller';

/** 催办, the 督办单 and the in-app notifications over HTTP. */
@Module({ imports: [NoticesDomainModule], controllers: [NoticesController, NotificationsController] })
export class NoticesModule {}
