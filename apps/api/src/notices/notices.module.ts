import { Module } from '@nestjs/common';
import { NoticesModule as NoticesDomainModule } from '@duban/notices';
import { NoticesController } from './notices.controller';

/** 催办 and the 督办单 over HTTP. */
@Module({ imports: [NoticesDomainModule], controllers: [NoticesController] })
export class NoticesModule {}
