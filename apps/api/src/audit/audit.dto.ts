import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IfPresent, IsCalendarDate } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: '操作人（用户 id）' })
  @IfPresent()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ description: '操作，前缀匹配，如 plan. 或 plan.confirmed' })
  @IfPresent()
  @Matches(/^[a-z_.]{1,64}$/, { message: 'action 只能包含小写字母、下划线和点' })
  action?: string;

  @ApiPropertyOptional({ description: '对象类型，如 plan、plan_draft、org_unit、user、assignment' })
  @IfPresent()
  @Matches(/^[a-z_]{1,40}$/, { message: 'objectType 只能包含小写字母和下划线' })
  objectType?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(64)
  objectId?: string;

  @ApiPropertyOptional({ description: '起始时间（ISO 8601）' })
  @IfPresent()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: '截止时间（ISO 8601，不含）' })
  @IfPresent()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['-at', 'at'], default: '-at' })
  @IfPresent()
  @IsIn(['-at', 'at'])
  sort: '-at' | 'at' = '-at';
}
