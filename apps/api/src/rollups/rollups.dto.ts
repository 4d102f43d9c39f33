import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORG_UNIT_TYPES } from '@duban/db';
import { ROLLUP_BYS, type RollupBy } from '@duban/rollups';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

/** The drill-down branch: plan → section → point → task, or one unit / unit type. */
export class RollupFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: '章节（含其下级章节）' })
  @IfPresent()
  @IsUUID()
  section?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '工作要点' })
  @IfPresent()
  @IsUUID()
  point?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '任务' })
  @IfPresent()
  @IsUUID()
  task?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '责任单位' })
  @IfPresent()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ enum: ORG_UNIT_TYPES, description: '单位类型' })
  @IfPresent()
  @IsIn(ORG_UNIT_TYPES)
  unitType?: string;
}

export class RollupQuery extends RollupFilterQuery {
  @ApiProperty({ enum: ROLLUP_BYS.filter((b) => b !== 'plan'), description: '汇总维度：章节、要点、任务、单位、单位类型' })
  @IsIn(ROLLUP_BYS)
  by!: RollupBy;
}

export class RollupAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  section?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  point?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  task?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IfPresent()
  @IsUUID()
  unit?: string;

  @ApiPropertyOptional({ enum: ORG_UNIT_TYPES })
  @IfPresent()
  @IsIn(ORG_UNIT_TYPES)
  unitType?: string;
}

export class OverdueQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: '计划（不填为全部计划）' })
  @IfPresent()
  @IsUUID()
  planId?: string;
}

export class TrendQuery {
  @ApiPropertyOptional({ enum: ['plan', 'section', 'unit'], default: 'plan', description: '按计划、章节或单位的周快照' })
  @IfPresent()
  @IsIn(['plan', 'section', 'unit'])
  by: 'plan' | 'section' | 'unit' = 'plan';

  @ApiPropertyOptional({ description: '章节或单位的 id（by=section|unit 时）' })
  @IfPresent()
  @IsUUID()
  key?: string;
}

/** A leader list's page: the common page, with pageSize 1–100 (one row per unit, so 100 covers a page of a county). */
export class UnitPageQuery extends PageQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IfPresent()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  override pageSize = 20;
}

export class RankingQuery extends UnitPageQuery {
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'asc：第 1 名在前；desc：末位在前（名次始终为全体排名）' })
  @IfPresent()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
