import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IfPresent, IsCalendarDate } from '../common/validation';

// eslint-disable-next-line no-control-regex -- a NUL or control character must be a 400, not a PostgreSQL error
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export class ReminderSettingsBody {
  @ApiProperty({ description: '到期前提醒的工作日数，如 [7, 3, 1]', type: [Number], example: [7, 3, 1] })
  @IsArray({ message: 'beforeDays 须为数组' })
  @ArrayMaxSize(10, { message: 'beforeDays 最多 10 项' })
  @IsInt({ each: true, message: 'beforeDays 每项须为整数' })
  @Min(1, { each: true, message: 'beforeDays 每项至少为 1' })
  @Max(60, { each: true, message: 'beforeDays 每项至多为 60' })
  beforeDays!: number[];

  @ApiProperty({ description: '逾期多少个工作日后上报负责科室负责人', example: 3 })
  @IsInt({ message: 'escalateAfterDays 须为整数' })
  @Min(1, { message: 'escalateAfterDays 至少为 1' })
  @Max(60, { message: 'escalateAfterDays 至多为 60' })
  escalateAfterDays!: number;

  @ApiProperty({ description: '逾期多少个工作日后列入领导周报', example: 10 })
  @IsInt({ message: 'digestAfterDays 须为整数' })
  @Min(1, { message: 'digestAfterDays 至少为 1' })
  @Max(120, { message: 'digestAfterDays 至多为 120' })
  digestAfterDays!: number;
}

export class CalendarOverrideBody {
  @ApiProperty({ enum: ['workday', 'dayoff'], description: 'workday 上班；dayoff 放假' })
  @IsIn(['workday', 'dayoff'], { message: 'kind 须为 workday 或 dayoff' })
  kind!: 'workday' | 'dayoff';

  @ApiProperty({ description: '原因，如 本局运动会放假' })
  @IsString({ message: 'reason 须为文本' })
  @MinLength(1, { message: '请填写原因' })
  @MaxLength(200, { message: '原因最多 200 字' })
  @Matches(NO_CONTROL, { message: '原因不能包含控制字符' })
  reason!: string;
}

export class DateParam {
  @ApiProperty({ example: '2021-10-08' })
  @IsCalendarDate({ dateOnly: true })
  date!: string;
}

export class OverridesQuery {
  @ApiPropertyOptional({ example: '2021-01-01' })
  @IfPresent()
  @IsCalendarDate({ dateOnly: true })
  from?: string;

  @ApiPropertyOptional({ example: '2021-12-31' })
  @IfPresent()
  @IsCalendarDate({ dateOnly: true })
  to?: string;
}

const ROBOT_URL = /^https?:\/\/[^\s]{3,1000}$/;

export class CreateWebhookBody {
  @ApiProperty()
  @IsUUID('all', { message: 'unitId 须为单位 ID' })
  unitId!: string;

  @ApiProperty({ enum: ['dingtalk', 'wecom'] })
  @IsIn(['dingtalk', 'wecom'], { message: 'kind 须为 dingtalk（钉钉）或 wecom（企业微信）' })
  kind!: 'dingtalk' | 'wecom';

  @ApiProperty({ description: '机器人 Webhook 地址' })
  @IsString({ message: 'url 须为文本' })
  @Matches(ROBOT_URL, { message: 'url 须为 http(s) 地址' })
  url!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '钉钉加签密钥（SEC…），保存后不再返回' })
  @IfPresent()
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'secret 须为文本' })
  @MaxLength(200, { message: 'secret 最多 200 个字符' })
  @Matches(NO_CONTROL, { message: 'secret 不能包含控制字符' })
  secret?: string | null;
}

export class UpdateWebhookBody {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString({ message: 'url 须为文本' })
  @Matches(ROBOT_URL, { message: 'url 须为 http(s) 地址' })
  url?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: '新密钥；null 清除' })
  @IfPresent()
  @ValidateIf((_o, v) => v !== null)
  @IsString({ message: 'secret 须为文本' })
  @MaxLength(200, { message: 'secret 最多 200 个字符' })
  @Matches(NO_CONTROL, { message: 'secret 不能包含控制字符' })
  secret?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean({ message: 'enabled 须为 true 或 false' })
  enabled?: boolean;
}

export class WebhooksQuery {
  @ApiPropertyOptional()
  @IfPresent()
  @IsUUID('all', { message: 'unitId 须为单位 ID' })
  unitId?: string;
}

export class PreferenceBody {
  @ApiProperty({
    enum: ['immediate', 'daily_digest'],
    description: 'immediate 逐条即时发送；daily_digest 每日一封汇总邮件（站内消息仍逐条）',
  })
  @IsIn(['immediate', 'daily_digest'], { message: 'reminderMode 须为 immediate 或 daily_digest' })
  reminderMode!: 'immediate' | 'daily_digest';
}

/** A test e-mail: to the given address, or to the admin's own when none is given. */
export class MailTestBody {
  @ApiPropertyOptional({ description: '收件地址；不填则发往当前管理员账号的邮箱', maxLength: 200 })
  @IfPresent()
  @IsString({ message: 'to 须为字符串' })
  @MaxLength(200, { message: 'to 不能超过 200 个字符' })
  @IsEmail({}, { message: 'to 须为有效的电子邮箱地址' })
  to?: string;
}
