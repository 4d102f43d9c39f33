import { Module } from '@nestjs/common';
import { PlanAccess } from '@duban/access';
import { AuditService } from '@duban/audit';
import { AssignmentQueryService } from './assignments/assignment-query.service';
import { AssignmentStateMachine } from './assignments/assignment-state-machine';
import { AssignmentRepository } from './assignments/assignment.repository';
import { TransitionHooks } from './assignments/transition-hooks';
import { AssignmentTransitionsService } from './assignments/assignment-transitions.service';
import { AssignmentService } from './assignments/assignment.service';
import { ChangeRequestService } from './change-requests/change-request.service';
import { EvidenceQueryService } from './evidence/evidence-query.service';
import { EvidenceRequirementsService } from './evidence/evidence-requirements.service';
import { EvidenceReviewService } from './evidence/evidence-review.service';
import { EvidenceUploadService } from './evidence/evidence-upload.service';
import { InboxService } from './inbox/inbox.service';
import { ProgressService } from './progress/progress.service';
import { TaskSheetService } from './task-sheet/task-sheet.service';
import { TaskDecompositionService } from './tasks/task-decomposition.service';
import { TaskEditService } from './tasks/task-edit.service';
import { TaskQueryService } from './tasks/task-query.service';
import { RoutingService } from './routing/routing.service';

const SERVICES = [
  AuditService,
  PlanAccess,
  TransitionHooks,
  AssignmentRepository,
  AssignmentStateMachine,
  TaskDecompositionService,
  TaskEditService,
  TaskQueryService,
  AssignmentService,
  AssignmentTransitionsService,
  AssignmentQueryService,
  ChangeRequestService,
  ProgressService,
  EvidenceUploadService,
  EvidenceQueryService,
  EvidenceReviewService,
  EvidenceRequirementsService,
  InboxService,
  TaskSheetService,
  RoutingService,
];

/**
 * The work domain (tasks, assignments, progress, change requests, evidence, inbox, 任务分解表) as
 * providers with no HTTP in them: the API's controllers call them, and the worker and the CLI can
 * import this module the same way. Needs a TypeORM data source, `AppConfig` and `FILE_STORAGE`
 * from the importing app's core module.
 */
@Module({ providers: SERVICES, exports: SERVICES })
export class WorkModule {}
