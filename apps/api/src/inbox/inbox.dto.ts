import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ASSIGNMENT_STATES, type AssignmentState } from '@duban/assignment-workflow';
import { ASSIGNMENT_SORTS, type AssignmentSort } from '@duban/work';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { IfPresent, IsCalendarDate } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

// `?state=a&state=b` arrives as an array, `?state=a,b` as one string: accept both
const toList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);
const toBool = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters every task-level list shares (inbox, review queue, change requests). */
export class TaskFilters {
  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '章节（含其下级章节）' })
  @IfPresent()
  @IsUUID()
  sectionId?: string;

  @ApiPropertyOptional({ description: '任务标题包含（中文可用）' })
  @IfPresent()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '2024-06-01', description: '完成时限不早于' })
  @IfPresent()
  @IsCalendarDate({ dateOnly: true })
  dueFrom?: string;

  @ApiPropertyOptional({ example: '2024-06-30', description: '完成时限不晚于' })
  @IfPresent()
  @IsCalendarDate({ dateOnly: true })
  dueTo?: string;
}

export class AssignmentFilters extends TaskFilters {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATES, isArray: true, description: '可多选：state=a&state=b 或 state=a,b' })
  @IfPresent()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(ASSIGNMENT_STATES.length)
  @IsIn(ASSIGNMENT_STATES, { each: true })
  state?: AssignmentState[];

  @ApiPropertyOptional({ format: 'uuid', description: '某一任务的分派（任务页的单位列表）' })
  @IfPresent()
  @IsUUID()
  taskId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '责任单位' })
  @IfPresent()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: '逾期：完成时限早于今天（北京时间）且未完成、未取消' })
  @IfPresent()
  @Transform(toBool)
  @IsBoolean({ message: 'overdue 只能是 true 或 false' })
  overdue?: boolean;
}

export class AssignmentListQuery extends IntersectionType(PageQuery, AssignmentFilters) {
  @ApiPropertyOptional({ enum: ASSIGNMENT_SORTS, default: 'dueDate' })
  @IfPresent()
  @IsIn(ASSIGNMENT_SORTS)
  sort: AssignmentSort = 'dueDate';
}

export class ChangeRequestListQuery extends IntersectionType(PageQuery, TaskFilters) {}
