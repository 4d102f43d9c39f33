import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORG_UNIT_TYPES, type OrgUnitType } from '@duban/db';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

// years 1900–9999: PostgreSQL refuses year 0 and a five-digit year is a typo
const DATE = /^(19|[2-9]\d)\d{2}-\d{2}-\d{2}$/;
const CADENCES = ['week', 'month', 'quarter', 'semester', 'year'] as const;
const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;
const ROLES = ['lead', 'cooperating', 'responsible'] as const;
const RULES = ['lead_approval', 'all_units_approval'] as const;

/** A calendar date (YYYY-MM-DD) that exists: 2024-02-30 is refused. */
function CalendarDate(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Matches(DATE, { message: `${String(key)} 应为 YYYY-MM-DD 格式的日期` })(target, key);
    IsISO8601({ strict: true }, { message: `${String(key)} 不是有效日期` })(target, key);
  };
}

export class DecomposeBody {
  @ApiPropertyOptional({ description: '发文单位（教育局）的组织单元 id：按其下属单位匹配责任单位；默认组织树唯一的根' })
  @IfPresent()
  @IsUUID()
  bureauId?: string;
}

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional() @IfPresent() @IsUUID() planId?: string;
  @ApiPropertyOptional() @IfPresent() @IsUUID() pointId?: string;
  @ApiPropertyOptional({ enum: ['active', 'cancelled'] }) @IfPresent() @IsIn(['active', 'cancelled']) status?: 'active' | 'cancelled';
}

export class TargetInput {
  @ApiPropertyOptional({ description: '已有指标的 id（保留其上报的实际值）；不填为新增' }) @IfPresent() @IsUUID() id?: string;
  @ApiPropertyOptional() @IfPresent() @IsString() @MaxLength(500) phrase?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) metric!: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
  @ApiProperty() @IsString() @MaxLength(20) unit!: string;
  @ApiProperty({ enum: COMPARATORS }) @IsIn(COMPARATORS) comparator!: (typeof COMPARATORS)[number];
}

export class TaskVersionBody {
  @ApiProperty({ description: '任务当前版本号（乐观锁）' }) @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) version!: number;
}

export class PatchTaskBody extends TaskVersionBody {
  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @ApiPropertyOptional() @IfPresent() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional() @IfPresent() @CalendarDate() dueDate?: string;
  @ApiPropertyOptional({ enum: CADENCES, nullable: true }) @IsOptional() @IsIn(CADENCES) cadence?: (typeof CADENCES)[number] | null;
  @ApiPropertyOptional({ description: '负责审核与审批的科室' }) @IfPresent() @IsUUID() ownerUnitId?: string;
  @ApiPropertyOptional({ enum: RULES }) @IfPresent() @IsIn(RULES) completionRule?: (typeof RULES)[number];
  @ApiPropertyOptional({ type: [TargetInput] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => TargetInput)
  targets?: TargetInput[];
}

export class SplitPart {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) title!: string;
  @ApiPropertyOptional() @IfPresent() @IsString() @MaxLength(20000) description?: string;
  @ApiPropertyOptional({ description: '移到这一部分的指标；未列出的指标留在第一部分' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  targetIds?: string[];
}

export class SplitTaskBody extends TaskVersionBody {
  @ApiProperty({ type: [SplitPart] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => SplitPart)
  parts!: SplitPart[];
}

export class MergeTasksBody {
  @ApiProperty({ description: '同一要点下、尚未分派的任务；第一个保留' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  taskIds!: string[];

  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(1) @MaxLength(500) title?: string;
}

export class AssignUnitInput {
  @ApiProperty() @IsUUID() unitId!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: (typeof ROLES)[number];
  @ApiPropertyOptional({ description: '该单位的经办人（须为该单位成员）' }) @IfPresent() @IsUUID() ownerUserId?: string;
}

export class AssignBody {
  @ApiProperty({ type: [AssignUnitInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => AssignUnitInput)
  units!: AssignUnitInput[];

  @ApiPropertyOptional({ description: '默认为任务的完成时限' }) @IfPresent() @CalendarDate() dueDate?: string;
}

export class UnitSetInput {
  @ApiPropertyOptional({ enum: ORG_UNIT_TYPES, isArray: true })
  @IfPresent()
  @IsArray()
  @IsIn(ORG_UNIT_TYPES, { each: true })
  types?: OrgUnitType[];

  @ApiPropertyOptional({ description: '须同时具有的标签（如 小学）' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: '具有其中任一标签' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  tagsAny?: string[];

  @ApiPropertyOptional({ description: '上级单位：只取其下属单位' }) @IfPresent() @IsUUID() parentId?: string;
  @ApiPropertyOptional({ description: '包括所有层级的下属单位（默认只取直接下属）' })
  @IfPresent()
  @IsBoolean()
  includeDescendants?: boolean;
}

export class BulkAssignBody {
  @ApiProperty({ type: UnitSetInput }) @ValidateNested() @IsObject() @Type(() => UnitSetInput) unitSet!: UnitSetInput;
  @ApiProperty({ enum: ['cooperating', 'responsible'] }) @IsIn(['cooperating', 'responsible']) role!: 'cooperating' | 'responsible';
  @ApiPropertyOptional() @IfPresent() @CalendarDate() dueDate?: string;
  @ApiPropertyOptional({ enum: RULES, description: '默认 all_units_approval：每个单位都通过才算完成' })
  @IfPresent()
  @IsIn(RULES)
  completionRule?: (typeof RULES)[number];
}

export class UnitsProposal {
  @ApiPropertyOptional({ type: [AssignUnitInput] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => AssignUnitInput)
  add?: AssignUnitInput[];

  @ApiPropertyOptional({ description: '取消这些单位的分派' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  remove?: string[];
}

export class ChangeProposal {
  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @ApiPropertyOptional({ type: [TargetInput] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => TargetInput)
  targets?: TargetInput[];
  @ApiPropertyOptional() @IfPresent() @CalendarDate() dueDate?: string;
  @ApiPropertyOptional({ type: UnitsProposal }) @IfPresent() @ValidateNested() @IsObject() @Type(() => UnitsProposal) units?: UnitsProposal;
}

export class CreateChangeRequestBody {
  @ApiProperty({ enum: ['adjust', 'cancel'] }) @IsIn(['adjust', 'cancel']) kind!: 'adjust' | 'cancel';
  @ApiPropertyOptional({ type: ChangeProposal })
  @IfPresent()
  @ValidateNested()
  @IsObject()
  @Type(() => ChangeProposal)
  proposed?: ChangeProposal;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class DecisionBody {
  @ApiPropertyOptional({ description: '退回时必填' }) @IfPresent() @IsString() @MaxLength(2000) reason?: string;
}

export class TransitionBody {
  @ApiProperty({ description: '分派记录当前版本号（乐观锁）' }) @Type(() => Number) @IsInt() @Min(1) @Max(2147483647) version!: number;
  @ApiPropertyOptional({ description: '退回、申请延期、不同意延期、取消时必填' })
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @ApiPropertyOptional({ description: '逾期后审核通过须说明原因' }) @IfPresent() @IsString() @MaxLength(2000) lateCloseReason?: string;
  @ApiPropertyOptional({ description: '申请延期的新完成时限' }) @IfPresent() @CalendarDate() newDueDate?: string;
}

export class ActualInput {
  @ApiProperty() @IsUUID() taskTargetId!: string;
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) value!: number;
  @ApiProperty({ description: '统计截止日期' }) @CalendarDate() asOf!: string;
}

export class ProgressBody {
  @ApiPropertyOptional({ description: '分派记录当前版本号；填写则校验' })
  @IfPresent()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version?: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) @Type(() => Number) @IsInt() @Min(0) @Max(100) percent!: number;
  @ApiPropertyOptional() @IfPresent() @IsString() @MaxLength(10000) narrative?: string;
  @ApiPropertyOptional({ description: '周期性任务的报告期：2024-03、2024-Q1、2024-S1、2024-W09、2024' })
  @IfPresent()
  @IsString()
  @MaxLength(10)
  period?: string;
  @ApiPropertyOptional({ type: [ActualInput] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => ActualInput)
  actuals?: ActualInput[];
}
