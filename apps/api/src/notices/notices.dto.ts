import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { NOTICE_MESSAGE_MAX, NOTICE_REPLY_MAX, URGE_MESSAGE_MAX } from '@duban/notices';
import { PageQuery } from '../common/pagination.dto';
import { IfPresent, IsCalendarDate } from '../common/validation';

export class UrgeBody {
  @ApiPropertyOptional({ description: `催办意见（可选，至多 ${URGE_MESSAGE_MAX} 字）`, maxLength: URGE_MESSAGE_MAX })
  @IfPresent()
  @IsString()
  @MaxLength(URGE_MESSAGE_MAX)
  message?: string;
}

export class IssueNoticeBody {
  @ApiPropertyOptional({ description: `督办意见（可选，至多 ${NOTICE_MESSAGE_MAX} 字）`, maxLength: NOTICE_MESSAGE_MAX })
  @IfPresent()
  @IsString()
  @MaxLength(NOTICE_MESSAGE_MAX)
  message?: string;

  @ApiPropertyOptional({ description: '反馈时限 YYYY-MM-DD；默认 3 个工作日后' })
  @IfPresent()
  @IsCalendarDate({ dateOnly: true })
  replyBy?: string;
}

export class NoticeReplyBody {
  @ApiProperty({ description: `反馈内容（办理情况，至多 ${NOTICE_REPLY_MAX} 字）`, maxLength: NOTICE_REPLY_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(NOTICE_REPLY_MAX)
  reply!: string;
}

const COLOURS = ['blue', 'yellow', 'red'] as const;
const STATES = ['open', 'all', 'issued', 'signed', 'answered'] as const;

export class NoticeListQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: '发往该单位的督办单' }) @IfPresent() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: '该科室下发的督办单（任务的负责科室）' }) @IfPresent() @IsUUID() departmentId?: string;
  @ApiPropertyOptional() @IfPresent() @IsUUID() planId?: string;
  @ApiPropertyOptional({ enum: COLOURS, description: 'blue 临期、yellow 滞后序时进度、red 逾期' })
  @IfPresent()
  @IsIn(COLOURS)
  colour?: (typeof COLOURS)[number];
  @ApiPropertyOptional({ enum: STATES, description: '默认 open：未反馈（待签收、已签收）' })
  @IfPresent()
  @IsIn(STATES)
  state?: (typeof STATES)[number];
}
