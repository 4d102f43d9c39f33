import { Module } from '@nestjs/common';
import { WorkModule } from '@duban/work';
import { AssignmentsController } from './assignments.controller';
import { TasksController } from './tasks.controller';

/** Tasks decomposed from points, their assignment to units, and the assignment workflow. */
@Module({
  imports: [WorkModule],
  controllers: [TasksController, AssignmentsController],
})
export class TasksModule {}
