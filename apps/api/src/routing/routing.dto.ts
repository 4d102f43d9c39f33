import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsUUID, ValidateNested } from 'class-validator';
import { IfPresent } from '../common/validation';

/** A plan has a few dozen points; a large 任务清单 some hundreds. */
export const MAX_ROUTING_ITEMS = 1000;
export const MAX_COOPERATING_UNITS = 30;

export class RoutingQuery {
  @ApiPropertyOptional({ description: '发文单位（教育局）的组织单元 id：按其下属科室给出建议；默认整个组织树' })
  @IfPresent()
  @IsUUID()
  bureauId?: string;
}

export class RoutingItemBody {
  @ApiPropertyOptional({ description: '要点 id：该要点下所有未取消的任务一起分派（尚未分解的要点先分解为一个任务）' })
  @IfPresent()
  @IsUUID()
  pointId?: string;

  @ApiPropertyOptional({ description: '任务 id：只分派这一项任务（与 pointId 二选一）' })
  @IfPresent()
  @IsUUID()
  taskId?: string;

  @ApiProperty({ description: '牵头科室（任务的负责科室，其负责人再分派学校和单位）' })
  @IsUUID()
  leadUnitId!: string;

  @ApiPropertyOptional({ description: '配合科室或直属单位', type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_COOPERATING_UNITS)
  @IsUUID('all', { each: true })
  cooperatingUnitIds?: string[];
}

export class RouteBody {
  @ApiProperty({ type: [RoutingItemBody] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROUTING_ITEMS)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => RoutingItemBody)
  items!: RoutingItemBody[];

  @ApiPropertyOptional({ description: '发文单位（教育局）的组织单元 id：为尚未分解的要点建任务时按其下属单位匹配' })
  @IfPresent()
  @IsUUID()
  bureauId?: string;
}
