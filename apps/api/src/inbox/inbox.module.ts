import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { WorkModule } from '@duban/work';
import { NoticesModule } from '@duban/notices';

/** 待我处理: the action inbox, the review queue and the scoped assignment list. */
@Module({ imports: [WorkModule, NoticesModule], controllers: [InboxController] })
export class InboxModule {}
