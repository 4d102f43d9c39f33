import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_STATES } from '@duban/assignment-workflow';
import { DATE, DATE_TIME, PageMetaResponse } from '../common/responses';

export const ASSIGNMENT_ROLES = ['lead', 'cooperating', 'responsible'] as const;

export class PendingExtensionResponse {
  @ApiProperty() id!: string;
  @ApiProperty(DATE) requestedDue!: string;
  @ApiProperty() reason!: string;
}

export class InboxItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() planTitle!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty() sectionNumber!: string;
  @ApiProperty() sectionTitle!: string;
  @ApiProperty() pointNumber!: number;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role!: (typeof ASSIGNMENT_ROLES)[number];
  @ApiProperty({ type: String, nullable: true }) ownerUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerUserName!: string | null;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATES }) state!: (typeof ASSIGNMENT_STATES)[number];
  @ApiProperty({ description: '状态的中文名' }) stateLabel!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ description: '距截止的工作日数（逾期为负）' }) daysUntilDue!: number;
  @ApiProperty() version!: number;
  @ApiProperty(DATE_TIME) updatedAt!: string;
  @ApiProperty({ type: PendingExtensionResponse, nullable: true, description: '待审批的延期申请' })
  extension!: PendingExtensionResponse | null;
  @ApiProperty({ description: '催办次数' }) urgeCount!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastUrgedAt!: string | null;
}

export class InboxPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [InboxItemResponse] }) items!: InboxItemResponse[];
  @ApiProperty({ ...DATE, description: '计算逾期所用的日期（中国日期）' }) today!: string;
}

class ActionCountsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() overdue!: number;
}

class ReviewCountsResponse {
  @ApiProperty() total!: number;
  @ApiProperty() submissions!: number;
  @ApiProperty() extensions!: number;
  @ApiProperty() overdue!: number;
}

class TotalResponse {
  @ApiProperty() total!: number;
}

class UnreadResponse {
  @ApiProperty() unread!: number;
}

export class InboxSummaryResponse {
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ description: '待我处理的总数' }) total!: number;
  @ApiProperty({ type: ActionCountsResponse }) actions!: ActionCountsResponse;
  @ApiProperty({ type: ReviewCountsResponse }) reviews!: ReviewCountsResponse;
  @ApiProperty({ type: TotalResponse }) changeRequests!: TotalResponse;
  @ApiProperty({ type: UnreadResponse }) notifications!: UnreadResponse;
}

export class ChangeRequestItemResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['adjust', 'cancel'] }) kind!: 'adjust' | 'cancel';
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '申请调整的字段与新值' })
  proposed!: Record<string, unknown>;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) requestedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestedByName!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() sectionNumber!: string;
  @ApiProperty() pointNumber!: number;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty() version!: number;
}

export class ChangeRequestPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [ChangeRequestItemResponse] }) items!: ChangeRequestItemResponse[];
}
