import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { WorkModule } from '@duban/work';

/** 待我处理: the action inbox, the review queue and the scoped assignment list. */
@Module({ imports: [WorkModule], controllers: [InboxController] })
export class InboxModule {}
