import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type AuthUser } from '@duban/access';
import { RollupService } from '@duban/rollups';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { RollupQuery } from './rollups.dto';

@ApiTags('rollups')
@ApiBearerAuth()
@Controller('api')
export class RollupsController {
  constructor(private readonly rollups: RollupService) {}

  @Get('overview')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '总览：各计划的完成率、按时完成率、逾期数与红黄绿灯（按本人可见范围）' })
  overview(@CurrentUser() user: AuthUser) {
    return this.rollups.overview(user);
  }

  @Get('plans/:id/rollup')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '计划的分维度汇总（章节、要点、任务、单位、单位类型），可按章节、要点、任务、单位逐级下钻' })
  rollup(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: RollupQuery) {
    const { by, ...filters } = query;
    return this.rollups.planRollup(id, by, user, { filters: clean(filters) });
  }
}

/** Drops absent filters (the DTO carries undefined keys). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
