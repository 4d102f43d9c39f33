import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AssignmentQueryService } from './assignment-query.service';
import { AssignmentTransitionsService } from './assignment-transitions.service';
import { AssignmentService } from './assignment.service';
import { AssignmentsController } from './assignments.controller';
import { ChangeRequestService } from './change-request.service';
import { ProgressService } from './progress.service';
import { TaskDecompositionService } from './task-decomposition.service';
import { TaskEditService } from './task-edit.service';
import { TaskQueryService } from './task-query.service';
import { TasksController } from './tasks.controller';

/** Tasks decomposed from points, their assignment to units, and the assignment workflow. */
@Module({
  imports: [AuditModule],
  controllers: [TasksController, AssignmentsController],
  providers: [
    TaskDecompositionService,
    TaskEditService,
    TaskQueryService,
    AssignmentService,
    AssignmentTransitionsService,
    ChangeRequestService,
    ProgressService,
    AssignmentQueryService,
  ],
})
export class TasksModule {}
