import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TaskSheetController } from './task-sheet.controller';
import { TaskSheetService } from './task-sheet.service';

/** The 任务分解表: export to .xlsx and import back as bulk edits. */
@Module({ imports: [AuditModule], controllers: [TaskSheetController], providers: [TaskSheetService] })
export class TaskSheetModule {}
