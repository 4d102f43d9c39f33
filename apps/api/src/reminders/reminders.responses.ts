import { ApiProperty } from '@nestjs/swagger';
import { DATE } from '../common/responses';

/** A plan's reminder settings (libs/reminders ReminderAdminService.getSettings): the defaults until edited. */
export class PlanReminderSettingsResponse {
  @ApiProperty() planId!: string;
  @ApiProperty() planTitle!: string;
  @ApiProperty({ type: [Number], description: '到期前提醒的工作日数，从大到小' }) beforeDays!: number[];
  @ApiProperty() escalateAfterDays!: number;
  @ApiProperty() digestAfterDays!: number;
  @ApiProperty({ description: '尚未单独设置，使用默认值' }) isDefault!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedByName!: string | null;
}

export class CalendarOverrideResponse {
  @ApiProperty(DATE) date!: string;
  @ApiProperty({ enum: ['workday', 'dayoff'] }) kind!: 'workday' | 'dayoff';
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) createdByName!: string | null;
}

/** A unit's group robot. Neither the access token in its address nor the signing secret is ever returned. */
export class UnitWebhookResponse {
  @ApiProperty() id!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['dingtalk', 'wecom'] }) kind!: 'dingtalk' | 'wecom';
  @ApiProperty({ description: '机器人地址，其中的令牌已隐去' }) url!: string;
  @ApiProperty({ description: '是否设置了加签密钥（密钥本身不返回）' }) hasSecret!: boolean;
  @ApiProperty() enabled!: boolean;
}

export class ReminderPreferenceResponse {
  @ApiProperty({ enum: ['immediate', 'daily_digest'] }) reminderMode!: string;
}

/** Outgoing mail as configured by environment variables (credentials in SMTP_URL never shown) and today's figures. */
export class MailSettingsResponse {
  @ApiProperty({ description: 'SMTP 服务器（取自 SMTP_URL，不含用户名与密码）' }) host!: string;
  @ApiProperty() port!: number;
  @ApiProperty({ description: 'smtps:// 即 TLS 直连' }) secure!: boolean;
  @ApiProperty({ description: '发件人（MAIL_FROM）' }) from!: string;
  @ApiProperty({ description: '邮件中链接的站点地址（PUBLIC_URL）' }) publicUrl!: string;
  @ApiProperty({ enum: ['environment'], description: '由环境变量设置，页面上不可修改' }) configuredBy!: 'environment';
  @ApiProperty({ description: '今天（北京时间）已发送的提醒邮件数' }) sentToday!: number;
  @ApiProperty({ description: '今天最近一次发送失败的邮件数（将重试或已放弃）' }) failedToday!: number;
  @ApiProperty({ description: '累计放弃发送的邮件数（死信）' }) deadTotal!: number;
}

export class MailTestResponse {
  @ApiProperty({ enum: [true] }) ok!: true;
  @ApiProperty({ description: '邮件服务器接受的 Message-ID' }) messageId!: string;
}
