import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { UnitMatchesQuery } from './org.dto';
import { UnitMatchService } from './unit-match.service';

@ApiTags('org')
@ApiBearerAuth()
@Controller('api/plans')
export class UnitMatchesController {
  constructor(private readonly matches: UnitMatchService) {}

  @Get(':planId/unit-matches')
  @RequirePermission(Permission.PlansRead)
  @ApiOperation({ summary: '已确认计划中各要点提到的单位 → 组织树中的单位或单位集合（含置信度；未匹配的单独列出）' })
  forPlan(@Param('planId', ParseUUIDPipe) planId: string, @Query() query: UnitMatchesQuery) {
    return this.matches.forPlan(planId, query.scopeId);
  }
}
