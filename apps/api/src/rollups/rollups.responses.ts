import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_STATES } from '@duban/assignment-workflow';
import { ROLLUP_BYS } from '@duban/rollups';
import { DATE, DATE_TIME, PageMetaResponse } from '../common/responses';

const LIGHTS = ['green', 'yellow', 'red'] as const;
type Light = (typeof LIGHTS)[number];
type State = (typeof ASSIGNMENT_STATES)[number];

/** The figures of a group of assignments (libs/rollups Figures). */
export class FiguresResponse {
  @ApiProperty({ description: '分派数' }) assignments!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: '各状态的分派数（含 0）' })
  byState!: Record<State, number>;
  @ApiProperty() approved!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ description: '完成率：通过数 ÷（总数 − 取消数），0–1' }) completionRate!: number;
  @ApiProperty() onTime!: number;
  @ApiProperty({ type: Number, nullable: true, description: '按时完成率，尚无通过时为 null' }) onTimeRate!: number | null;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: Number, nullable: true }) avgProgress!: number | null;
  @ApiProperty({ enum: LIGHTS }) light!: Light;
}

export class OverviewPlanResponse extends FiguresResponse {
  @ApiProperty() planId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: Number, nullable: true }) year!: number | null;
}

export class OverviewResponse {
  @ApiProperty(DATE_TIME) asOf!: string;
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ type: [OverviewPlanResponse] }) plans!: OverviewPlanResponse[];
}

export class RollupRowResponse extends FiguresResponse {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
}

class RollupFiltersResponse {
  @ApiProperty({ required: false }) section?: string;
  @ApiProperty({ required: false }) point?: string;
  @ApiProperty({ required: false }) task?: string;
  @ApiProperty({ required: false }) unit?: string;
  @ApiProperty({ required: false }) unitType?: string;
}

export class PlanRollupResponse {
  @ApiProperty() planId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ROLLUP_BYS }) by!: (typeof ROLLUP_BYS)[number];
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ type: RollupFiltersResponse }) filters!: RollupFiltersResponse;
  @ApiProperty({ type: [RollupRowResponse] }) rows!: RollupRowResponse[];
}

export class RankedRowResponse extends RollupRowResponse {
  @ApiProperty({ description: '名次' }) rank!: number;
}

export class RankingResponse {
  @ApiProperty() planId!: string;
  @ApiProperty({ description: '参与排名的单位数' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [RankedRowResponse] }) rows!: RankedRowResponse[];
}

export class RollupAssignmentResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATES }) state!: State;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty() progressPercent!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true }) approvedAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ enum: LIGHTS }) light!: Light;
  @ApiProperty({ description: '灯色的理由' }) lightReason!: string;
  @ApiProperty() evidenceCount!: number;
  @ApiProperty({ description: '佐证材料列表的地址' }) evidencePath!: string;
}

export class RollupAssignmentPageResponse extends PageMetaResponse {
  @ApiProperty() planId!: string;
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ type: [RollupAssignmentResponse] }) items!: RollupAssignmentResponse[];
}

export class OverdueItemResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() planId!: string;
  @ApiProperty() planTitle!: string;
  @ApiProperty() pointNumber!: number;
  @ApiProperty() pointTitle!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATES }) state!: State;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty() progressPercent!: number;
  @ApiProperty({ description: '逾期自然日数' }) daysOverdue!: number;
  @ApiProperty({ description: '逾期工作日数' }) workingDaysOverdue!: number;
}

export class OverduePageResponse extends PageMetaResponse {
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ type: [OverdueItemResponse] }) items!: OverdueItemResponse[];
}

export class TrendPointResponse {
  @ApiProperty({ ...DATE, description: '周一（中国日期）' }) week!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty() assignments!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) byState!: Record<string, number>;
  @ApiProperty() completionRate!: number;
  @ApiProperty({ type: Number, nullable: true }) onTimeRate!: number | null;
  @ApiProperty() overdue!: number;
  @ApiProperty({ type: Number, nullable: true }) avgProgress!: number | null;
  @ApiProperty() light!: string;
  @ApiProperty() takenAt!: string;
}

export class TrendResponse {
  @ApiProperty() planId!: string;
  @ApiProperty({ enum: ['plan', 'section', 'unit'] }) by!: 'plan' | 'section' | 'unit';
  @ApiProperty({ type: [TrendPointResponse] }) points!: TrendPointResponse[];
}

class KeyLabelResponse {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
}

export class MatrixCellResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty({ description: '一级章节 id' }) sectionId!: string;
  @ApiProperty() assignments!: number;
  @ApiProperty() completionRate!: number;
  @ApiProperty({ type: Number, nullable: true }) onTimeRate!: number | null;
  @ApiProperty() overdue!: number;
  @ApiProperty({ enum: LIGHTS }) light!: Light;
}

export class MatrixResponse {
  @ApiProperty() planId!: string;
  @ApiProperty(DATE) today!: string;
  @ApiProperty({ description: '有分派的单位数' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ type: [KeyLabelResponse], description: '一级章节' }) sections!: KeyLabelResponse[];
  @ApiProperty({ type: [KeyLabelResponse], description: '本页单位（按名称）' }) units!: KeyLabelResponse[];
  @ApiProperty({ type: [MatrixCellResponse], description: '有分派的单位 × 章节' }) cells!: MatrixCellResponse[];
}

class IndicatorActualResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() value!: number;
  @ApiProperty(DATE) asOf!: string;
}

export class TargetAttainmentResponse {
  @ApiProperty() targetId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskTitle!: string;
  @ApiProperty() pointNumber!: number;
  @ApiProperty() metric!: string;
  @ApiProperty() phrase!: string;
  @ApiProperty() comparator!: string;
  @ApiProperty() target!: number;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: Number, nullable: true, description: '计划层面的实际值（比率取最新，数量相加）' }) actual!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) attained!: boolean | null;
  @ApiProperty({ type: Number, nullable: true }) attainmentRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) baseline!: number | null;
  @ApiProperty({ type: Number, nullable: true }) baselineYear!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '实际值 − 基期值' }) vsBaseline!: number | null;
  @ApiProperty({ type: [IndicatorActualResponse] }) actuals!: IndicatorActualResponse[];
}

export class PlanIndicatorResponse {
  @ApiProperty() indicatorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty({ type: Number, nullable: true }) baselineYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) baselineValue!: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetYear!: number | null;
  @ApiProperty({ type: Number, nullable: true }) targetValue!: number | null;
  @ApiProperty({ type: String, nullable: true }) targetComparator!: string | null;
}

export class IndicatorsResponse {
  @ApiProperty() planId!: string;
  @ApiProperty({ type: [TargetAttainmentResponse] }) targets!: TargetAttainmentResponse[];
  @ApiProperty({ type: [PlanIndicatorResponse], description: '规划指标（基期值、目标值）' }) indicators!: PlanIndicatorResponse[];
}
