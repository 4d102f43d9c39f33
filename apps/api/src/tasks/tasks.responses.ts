import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTORS, ASSIGNMENT_ACTIONS, ASSIGNMENT_STATES } from '@duban/assignment-workflow';
import { DATE, DATE_TIME, PageMetaResponse } from '../common/responses';

const CADENCES = ['week', 'month', 'quarter', 'semester', 'year'] as const;
const COMPLETION_RULES = ['lead_approval', 'all_units_approval'] as const;
const ROLES = ['lead', 'cooperating', 'responsible'] as const;
const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;

/** A task as stored (no names beside ids). */
export class TaskRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() pointId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: String, nullable: true }) ownerUnitId!: string | null;
  @ApiProperty({ type: [String] }) cooperatingUnitIds!: string[];
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ enum: CADENCES, nullable: true }) cadence!: (typeof CADENCES)[number] | null;
  @ApiProperty({ enum: COMPLETION_RULES }) completionRule!: (typeof COMPLETION_RULES)[number];
  @ApiProperty({ enum: ['active', 'cancelled'] }) status!: 'active' | 'cancelled';
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class TaskResponse extends TaskRecordResponse {
  @ApiProperty({ type: String, nullable: true }) ownerUnitName!: string | null;
}

export class TaskListItemResponse extends TaskResponse {
  @ApiProperty({ description: '未取消的分派数' }) assignmentCount!: number;
  @ApiProperty() approvedCount!: number;
}

export class TaskPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [TaskListItemResponse] }) items!: TaskListItemResponse[];
}

/** An assignment as stored (what a state change answers). */
export class AssignmentRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ROLES }) role!: (typeof ROLES)[number];
  @ApiProperty({ type: String, nullable: true }) ownerUserId!: string | null;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATES }) state!: (typeof ASSIGNMENT_STATES)[number];
  @ApiProperty({ enum: ['assigned', 'in_progress', 'returned'], nullable: true }) resumeState!:
    'assigned' | 'in_progress' | 'returned' | null;
  @ApiProperty() progressPercent!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) submittedAt!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) lateCloseReason!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** An assignment with names beside ids and its deadline figures. */
export class AssignmentResponse extends AssignmentRecordResponse {
  @ApiProperty({ type: String, nullable: true, description: '单位名称（单位已删除时为 null）' }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerUserName!: string | null;
  @ApiProperty({ type: String, nullable: true }) approvedByName!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: '距截止的工作日数（逾期为负）' }) daysUntil!: number;
  @ApiProperty() urgeCount!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastUrgedAt!: string | null;
}

export class TaskAssignmentResponse extends AssignmentResponse {
  @ApiProperty() unitType!: string;
}

class NamedUnitResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

class AssignmentStatsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: '各状态的分派数' })
  byState!: Record<string, number>;
}

export class TargetActualResponse {
  @ApiProperty() taskTargetId!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() value!: number;
  @ApiProperty(DATE) asOf!: string;
  @ApiProperty(DATE_TIME) reportedAt!: string;
}

export class TaskTargetResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() phrase!: string;
  @ApiProperty() metric!: string;
  @ApiProperty() value!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: COMPARATORS }) comparator!: (typeof COMPARATORS)[number];
  @ApiProperty({ type: [TargetActualResponse], description: '各单位最新的实际值' }) actuals!: TargetActualResponse[];
}

class EvidenceRequirementResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() name!: string;
}

/** An adjustment or cancellation request as stored (what creating or deciding one answers). */
export class TaskChangeRequestRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty({ enum: ['adjust', 'cancel'] }) kind!: 'adjust' | 'cancel';
  @ApiProperty({ type: 'object', additionalProperties: true }) proposed!: Record<string, unknown>;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'returned'] }) status!: 'pending' | 'approved' | 'returned';
  @ApiProperty({ type: String, nullable: true }) requestedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class TaskChangeRequestResponse extends TaskChangeRequestRecordResponse {
  @ApiProperty({ type: String, nullable: true }) requestedByName!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
}

/**
 * One timeline entry. `kind` says which fields are present: audit (action, actorName, objectType,
 * before/after), urge (urgedByName, message), notice (event, number, colour, text), review
 * (decision, reason, decidedByName).
 */
export class TimelineEntryResponse {
  @ApiProperty({ enum: ['audit', 'urge', 'notice', 'review'] }) kind!: 'audit' | 'urge' | 'notice' | 'review';
  @ApiProperty(DATE_TIME) at!: string;
  @ApiProperty({ required: false }) action?: string;
  @ApiProperty({ type: String, nullable: true, required: false }) actor?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) actorName?: string | null;
  @ApiProperty({ required: false }) objectType?: string;
  @ApiProperty({ required: false }) objectId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) before?: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) after?: object | null;
  @ApiProperty({ required: false }) assignmentId?: string;
  @ApiProperty({ required: false }) urgedBy?: string;
  @ApiProperty({ type: String, nullable: true, required: false }) urgedByName?: string | null;
  @ApiProperty({ required: false }) actingAs?: string;
  @ApiProperty({ required: false }) message?: string;
  @ApiProperty({ enum: ['issued', 'signed', 'answered'], required: false }) event?: 'issued' | 'signed' | 'answered';
  @ApiProperty({ required: false }) noticeId?: string;
  @ApiProperty({ required: false }) number?: string;
  @ApiProperty({ required: false }) colour?: string;
  @ApiProperty({ type: String, nullable: true, required: false }) text?: string | null;
  @ApiProperty({ enum: ['approve', 'return'], required: false }) decision?: 'approve' | 'return';
  @ApiProperty({ type: String, nullable: true, required: false }) reason?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) decidedBy?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) decidedByName?: string | null;
}

export class TaskDetailResponse extends TaskResponse {
  @ApiProperty({ type: [NamedUnitResponse], description: '路由时指定的配合科室' }) cooperatingUnits!: NamedUnitResponse[];
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ description: '按完成规则，任务是否已完成' }) complete!: boolean;
  @ApiProperty({ type: AssignmentStatsResponse }) assignmentStats!: AssignmentStatsResponse;
  @ApiProperty({ type: [TaskAssignmentResponse] }) assignments!: TaskAssignmentResponse[];
  @ApiProperty({ type: [TaskTargetResponse] }) targets!: TaskTargetResponse[];
  @ApiProperty({ type: [EvidenceRequirementResponse] }) evidenceRequirements!: EvidenceRequirementResponse[];
  @ApiProperty({ type: TaskChangeRequestResponse, nullable: true }) pendingChangeRequest!: TaskChangeRequestResponse | null;
  @ApiProperty({ type: [TaskChangeRequestResponse] }) changeRequests!: TaskChangeRequestResponse[];
  @ApiProperty({ type: [TimelineEntryResponse] }) timeline!: TimelineEntryResponse[];
}

class AssignmentTaskResponse {
  @ApiProperty() id!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() pointId!: string;
  @ApiProperty() title!: string;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ enum: CADENCES, nullable: true }) cadence!: (typeof CADENCES)[number] | null;
  @ApiProperty({ type: String, nullable: true }) ownerUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerUnitName!: string | null;
  @ApiProperty({ enum: COMPLETION_RULES }) completionRule!: (typeof COMPLETION_RULES)[number];
  @ApiProperty({ enum: ['active', 'cancelled'] }) status!: 'active' | 'cancelled';
}

class AssignmentUnitResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() type!: string;
}

class ActualResponse {
  @ApiProperty() id!: string;
  @ApiProperty() progressReportId!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() taskTargetId!: string;
  @ApiProperty() value!: number;
  @ApiProperty(DATE) asOf!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class ProgressReportResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() percent!: number;
  @ApiProperty() narrative!: string;
  @ApiProperty({ type: String, nullable: true }) period!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) reportedByName!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty({ type: [ActualResponse] }) actuals!: ActualResponse[];
}

export class ExtensionRequestResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty(DATE) requestedDue!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'denied'] }) status!: 'pending' | 'approved' | 'denied';
  @ApiProperty({ type: String, nullable: true }) requestedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestedByName!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionReason!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class DueChangeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty(DATE) oldDue!: string;
  @ApiProperty(DATE) newDue!: string;
  @ApiProperty({ enum: ['extension', 'adjustment', 'import'] }) source!: 'extension' | 'adjustment' | 'import';
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) changedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) changedByName!: string | null;
  @ApiProperty(DATE_TIME) at!: string;
}

export class ReviewDecisionResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ enum: ['approve', 'return'] }) decision!: 'approve' | 'return';
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedByName!: string | null;
  @ApiProperty(DATE_TIME) at!: string;
}

export class AssignmentDetailResponse extends AssignmentResponse {
  @ApiProperty({ type: AssignmentUnitResponse }) unit!: AssignmentUnitResponse;
  @ApiProperty({ type: AssignmentTaskResponse }) task!: AssignmentTaskResponse;
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ enum: ACTORS, isArray: true, description: '当前用户以何种身份参与' }) actors!: (typeof ACTORS)[number][];
  @ApiProperty({ enum: ASSIGNMENT_ACTIONS, isArray: true }) availableActions!: (typeof ASSIGNMENT_ACTIONS)[number][];
  @ApiProperty({ type: [ProgressReportResponse] }) progressReports!: ProgressReportResponse[];
  @ApiProperty({ type: [ExtensionRequestResponse] }) extensionRequests!: ExtensionRequestResponse[];
  @ApiProperty({ type: [DueChangeResponse] }) dueChanges!: DueChangeResponse[];
  @ApiProperty({ type: [ReviewDecisionResponse] }) reviewDecisions!: ReviewDecisionResponse[];
}

class SuggestedUnitResponse {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() type!: string;
}

/** A unit the point's text names, matched to the org tree: a head confirms it when assigning. */
export class SuggestedAssigneeResponse {
  @ApiProperty({ description: '原文中的说法' }) mention!: string;
  @ApiProperty({ enum: ROLES }) role!: (typeof ROLES)[number];
  @ApiProperty({ enum: ['unit', 'set', 'unmatched'] }) kind!: string;
  @ApiProperty() confidence!: number;
  @ApiProperty() reason!: string;
  @ApiProperty() unitCount!: number;
  @ApiProperty({ type: [String] }) unitIds!: string[];
  @ApiProperty({ type: [SuggestedUnitResponse], description: '前几个单位的名称' }) units!: SuggestedUnitResponse[];
}

class TaskTargetRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() position!: number;
  @ApiProperty() phrase!: string;
  @ApiProperty() metric!: string;
  @ApiProperty() value!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: COMPARATORS }) comparator!: (typeof COMPARATORS)[number];
}

export class DecomposedTaskResponse extends TaskRecordResponse {
  @ApiProperty({ type: [TaskTargetRecordResponse] }) targets!: TaskTargetRecordResponse[];
  @ApiProperty({ type: [SuggestedAssigneeResponse] }) suggestedAssignees!: SuggestedAssigneeResponse[];
}

export class DecomposeResponse {
  @ApiProperty() planId!: string;
  @ApiProperty({ description: '新建的任务数（已分解的要点不重复）' }) created!: number;
  @ApiProperty({ type: [DecomposedTaskResponse] }) tasks!: DecomposedTaskResponse[];
}

class CreatedAssignmentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ROLES }) role!: (typeof ROLES)[number];
}

export class AssignResponse {
  @ApiProperty() created!: number;
  @ApiProperty({ type: [String], description: '已有分派而跳过的单位' }) skipped!: string[];
  @ApiProperty({ type: [CreatedAssignmentResponse] }) assignments!: CreatedAssignmentResponse[];
}

export class BulkAssignResponse {
  @ApiProperty({ description: '符合类型与标签的单位数' }) matched!: number;
  @ApiProperty() created!: number;
  @ApiProperty() skipped!: number;
  @ApiProperty({ enum: COMPLETION_RULES }) completionRule!: (typeof COMPLETION_RULES)[number];
}

export class ProgressResultResponse {
  @ApiProperty() progressReportId!: string;
  @ApiProperty({ description: '分派的新版本号（下次操作时带上）' }) version!: number;
}
