import { ApiProperty } from '@nestjs/swagger';
import { DATE, DATE_TIME, PageMetaResponse } from '../common/responses';

const COLOURS = ['blue', 'yellow', 'red'] as const;
const STATES = ['issued', 'signed', 'answered'] as const;

/** A 督办单 as the notices service shows it (libs/notices NoticeService.view). */
export class NoticeResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '文号，如 督〔2026〕3号' }) number!: string;
  @ApiProperty() year!: number;
  @ApiProperty() serial!: number;
  @ApiProperty() planId!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: String, nullable: true }) departmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) departmentName!: string | null;
  @ApiProperty({ enum: COLOURS }) colour!: (typeof COLOURS)[number];
  @ApiProperty() colourLabel!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() message!: string;
  @ApiProperty(DATE) replyBy!: string;
  @ApiProperty() replyOverdue!: boolean;
  @ApiProperty(DATE) issuedOn!: string;
  @ApiProperty() issuedBy!: string;
  @ApiProperty({ type: String, nullable: true }) issuedByName!: string | null;
  @ApiProperty(DATE_TIME) issuedAt!: string;
  @ApiProperty({ enum: STATES }) state!: (typeof STATES)[number];
  @ApiProperty() stateLabel!: string;
  @ApiProperty() open!: boolean;
  @ApiProperty({ description: '下发以来的工作日数（反馈后停止计算）' }) ageWorkingDays!: number;
  @ApiProperty({ type: String, nullable: true }) signedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) signedByName!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) signedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reply!: string | null;
  @ApiProperty({ type: String, nullable: true }) repliedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) repliedByName!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) repliedAt!: string | null;
}

export class NoticePageResponse extends PageMetaResponse {
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ type: [NoticeResponse] }) items!: NoticeResponse[];
}

export class NotificationResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ description: '催办、督办单、到期提醒…' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, description: '页面内的链接' }) link!: string | null;
  @ApiProperty({ type: String, nullable: true }) assignmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) noticeId!: string | null;
  @ApiProperty() read!: boolean;
  @ApiProperty({ ...DATE_TIME, nullable: true }) readAt!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

export class NotificationPageResponse extends PageMetaResponse {
  @ApiProperty({ description: '未读总数' }) unread!: number;
  @ApiProperty({ type: [NotificationResponse] }) items!: NotificationResponse[];
}

/** A 催办 just recorded. */
export class UrgeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ description: '以何种身份催办（科室负责人、牵头单位）' }) actingAs!: string;
  @ApiProperty() message!: string;
  @ApiProperty(DATE_TIME) at!: string;
  @ApiProperty({ description: '该分派累计被催办次数' }) urgeCount!: number;
  @ApiProperty(DATE_TIME) lastUrgedAt!: string;
  @ApiProperty({ ...DATE_TIME, description: '最早可再次催办的时间' }) nextUrgeAt!: string;
  @ApiProperty({ description: '收到提醒的人数' }) recipients!: number;
}

export class UrgingResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() urgedBy!: string;
  @ApiProperty({ type: String, nullable: true }) urgedByName!: string | null;
  @ApiProperty() actingAs!: string;
  @ApiProperty() message!: string;
  @ApiProperty(DATE_TIME) at!: string;
}

export class UrgingListResponse {
  @ApiProperty({ type: [UrgingResponse] }) items!: UrgingResponse[];
  @ApiProperty() urgeCount!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastUrgedAt!: string | null;
}
