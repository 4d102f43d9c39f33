import { ApiProperty } from '@nestjs/swagger';
import { DATE, DATE_TIME, PageMetaResponse } from '../common/responses';

const PLAN_STATUSES = ['draft', 'confirmed'] as const;
const POINT_UNIT_ROLES = ['lead', 'cooperating', 'responsible'] as const;
const COMPARATORS = ['>=', '>', '=', '<=', '<'] as const;

export class PlanResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: (typeof PLAN_STATUSES)[number];
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '规划的起始年' }) periodFrom!: number | null;
  @ApiProperty({ type: Number, nullable: true }) periodTo!: number | null;
  @ApiProperty() preamble!: string;
  @ApiProperty({ type: String, nullable: true }) documentId!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) confirmedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) confirmedBy!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) archivedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class PlanPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [PlanResponse] }) items!: PlanResponse[];
}

/** A confirmed plan with its tree (sections and points as stored; see plan-tree.reader.ts). */
export class PlanDetailResponse extends PlanResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '章节树（含要点）' })
  sections!: Record<string, unknown>[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  indicators!: Record<string, unknown>[];
  @ApiProperty() pointCount!: number;
}

export class ParsedUnitResponse {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: POINT_UNIT_ROLES }) role!: (typeof POINT_UNIT_ROLES)[number];
}

export class ParsedDeadlineResponse {
  @ApiProperty(DATE) date!: string;
  @ApiProperty({ description: '原文中的说法' }) phrase!: string;
}

export class ParsedRecurrenceResponse {
  @ApiProperty({ enum: ['week', 'month', 'quarter', 'semester', 'year'] }) every!: 'week' | 'month' | 'quarter' | 'semester' | 'year';
  @ApiProperty() phrase!: string;
}

export class ParsedTargetResponse {
  @ApiProperty() phrase!: string;
  @ApiProperty() metric!: string;
  @ApiProperty() value!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: COMPARATORS }) comparator!: (typeof COMPARATORS)[number];
}

export class ParsedPointResponse {
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: '原文行号' }) line!: number;
  @ApiProperty({ type: [ParsedUnitResponse] }) units!: ParsedUnitResponse[];
  @ApiProperty({ type: [ParsedDeadlineResponse] }) deadlines!: ParsedDeadlineResponse[];
  @ApiProperty({ type: [ParsedRecurrenceResponse] }) recurrence!: ParsedRecurrenceResponse[];
  @ApiProperty({ type: [ParsedTargetResponse] }) targets!: ParsedTargetResponse[];
  @ApiProperty({ type: [String], required: false, description: '分管领导' }) leaders?: string[];
}

export class ParsedSectionResponse {
  @ApiProperty() number!: string;
  @ApiProperty() ordinal!: number;
  @ApiProperty() title!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [ParsedDeadlineResponse] }) deadlines!: ParsedDeadlineResponse[];
  @ApiProperty({ type: () => [ParsedSectionResponse] }) sections!: ParsedSectionResponse[];
  @ApiProperty({ type: [ParsedPointResponse] }) points!: ParsedPointResponse[];
}

class YearValueResponse {
  @ApiProperty() year!: number;
  @ApiProperty() value!: number;
}

class YearTargetResponse extends YearValueResponse {
  @ApiProperty() comparator!: string;
}

export class ParsedIndicatorResponse {
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: YearValueResponse, nullable: true }) baseline!: YearValueResponse | null;
  @ApiProperty({ type: YearTargetResponse, nullable: true }) target!: YearTargetResponse | null;
}

export class ParseWarningResponse {
  @ApiProperty() line!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [Number], required: false }) lines?: number[];
}

class PeriodResponse {
  @ApiProperty() from!: number;
  @ApiProperty() to!: number;
}

export class ParsedPlanResponse {
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
  @ApiProperty({ type: PeriodResponse, nullable: true }) period!: PeriodResponse | null;
  @ApiProperty() encoding!: string;
  @ApiProperty({ enum: ['txt', 'docx', 'pdf', 'html', 'xlsx'] }) format!: 'txt' | 'docx' | 'pdf' | 'html' | 'xlsx';
  @ApiProperty() preamble!: string;
  @ApiProperty({ type: [ParsedSectionResponse] }) sections!: ParsedSectionResponse[];
  @ApiProperty({ type: [ParsedIndicatorResponse] }) indicators!: ParsedIndicatorResponse[];
  @ApiProperty({ type: [ParseWarningResponse] }) warnings!: ParseWarningResponse[];
}

class DiffSummaryResponse {
  @ApiProperty() added!: number;
  @ApiProperty() removed!: number;
  @ApiProperty() changed!: number;
  @ApiProperty() unchanged!: number;
}

class DiffAddedResponse {
  @ApiProperty({ type: [Number] }) sectionPath!: number[];
  @ApiProperty() index!: number;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
}

class DiffRemovedResponse {
  @ApiProperty() id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
}

class DiffChangedResponse extends DiffAddedResponse {
  @ApiProperty() id!: string;
  @ApiProperty({ type: [String] }) fields!: string[];
}

/** What confirming a revised document would change in the confirmed plan. */
export class PlanDiffResponse {
  @ApiProperty({ type: DiffSummaryResponse }) summary!: DiffSummaryResponse;
  @ApiProperty({ type: [DiffAddedResponse] }) added!: DiffAddedResponse[];
  @ApiProperty({ type: [DiffRemovedResponse] }) removed!: DiffRemovedResponse[];
  @ApiProperty({ type: [DiffChangedResponse] }) changed!: DiffChangedResponse[];
  @ApiProperty({ type: 'array', items: { type: 'string', nullable: true } }) keepIds!: (string | null)[];
}

class DraftDocumentResponse {
  @ApiProperty() id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty() format!: string;
  @ApiProperty() encoding!: string;
  @ApiProperty(DATE_TIME) uploadedAt!: string;
}

export class DraftResponse {
  @ApiProperty() planId!: string;
  @ApiProperty() planStatus!: string;
  @ApiProperty() draftId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: DraftDocumentResponse }) document!: DraftDocumentResponse;
  @ApiProperty({ type: ParsedPlanResponse }) parsed!: ParsedPlanResponse;
  @ApiProperty({ type: PlanDiffResponse, nullable: true, description: '修订稿相对已确认计划的变化' }) diff!: PlanDiffResponse | null;
  @ApiProperty() canUndo!: boolean;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class ConfirmResponse {
  @ApiProperty() planId!: string;
  @ApiProperty({ type: DiffSummaryResponse, nullable: true, description: '修订稿确认时的变化数量' }) diff!: DiffSummaryResponse | null;
}
