import { Module } from '@nestjs/common';
import { WorkModule } from '@duban/work';
import { TaskSheetController } from './task-sheet.controller';

/** The 任务分解表: export to .xlsx and import back as bulk edits. */
@Module({ imports: [WorkModule], controllers: [TaskSheetController] })
export class TaskSheetModule {}
