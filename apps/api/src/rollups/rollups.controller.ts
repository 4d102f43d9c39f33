import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type AuthUser } from '@duban/access';
import { RollupService, SnapshotService } from '@duban/rollups';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { OverdueQuery, RankingQuery, RollupAssignmentsQuery, RollupQuery, TrendQuery, UnitPageQuery } from './rollups.dto';
import {
  IndicatorsResponse,
  MatrixResponse,
  OverduePageResponse,
  OverviewResponse,
  PlanRollupResponse,
  RankingResponse,
  RollupAssignmentPageResponse,
  TrendResponse,
} from './rollups.responses';

@ApiTags('rollups')
@ApiBearerAuth()
@Controller('api')
export class RollupsController {
  constructor(
    private readonly rollups: RollupService,
    private readonly snapshots: SnapshotService,
  ) {}

  @Get('overview')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '总览：各计划的完成率、按时完成率、逾期数与红黄绿灯（按本人可见范围）' })
  @ApiOkResponse({ type: OverviewResponse })
  overview(@CurrentUser() user: AuthUser) {
    return this.rollups.overview(user);
  }

  @Get('plans/:id/rollup')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '计划的分维度汇总（章节、要点、任务、单位、单位类型），可按章节、要点、任务、单位逐级下钻' })
  @ApiOkResponse({ type: PlanRollupResponse })
  rollup(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: RollupQuery) {
    const { by, ...filters } = query;
    return this.rollups.planRollup(id, by, user, { filters: clean(filters) });
  }

  @Get('plans/:id/rollup/assignments')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '下钻到分派记录：某章节、要点、任务或单位的分派及其灯色、佐证数量（佐证见 /api/assignments/:id/evidence）' })
  @ApiOkResponse({ type: RollupAssignmentPageResponse })
  assignments(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: RollupAssignmentsQuery) {
    const { page, pageSize, ...filters } = query;
    return this.rollups.assignments(id, user, clean(filters), { page, pageSize });
  }

  @Get('plans/:id/ranking')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '单位排名：按完成率、按时完成率、逾期数排序，分页（名次为全体排名；责任单位只看到本单位及其名次）' })
  @ApiOkResponse({ type: RankingResponse })
  ranking(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: RankingQuery) {
    return this.rollups.unitRanking(id, user, { page: query.page, pageSize: query.pageSize, order: query.order });
  }

  @Get('plans/:id/matrix')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '单位 × 章节矩阵：每个单位在每个章节的完成率、逾期数与灯色，按单位分页' })
  @ApiOkResponse({ type: MatrixResponse })
  matrix(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: UnitPageQuery) {
    return this.rollups.matrix(id, user, { page: query.page, pageSize: query.pageSize });
  }

  @Get('plans/:id/indicators')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '指标达成：各任务指标的最新实际值与目标（按比较符）、达成率，及规划指标的基期值' })
  @ApiOkResponse({ type: IndicatorsResponse })
  indicators(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.rollups.indicators(id, user);
  }

  @Get('plans/:id/trend')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '趋势：每周快照中的完成率、按时完成率与逾期数（责任单位只看本单位）' })
  @ApiOkResponse({ type: TrendResponse })
  trend(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: TrendQuery) {
    return this.snapshots.trend(id, query.by, query.key, user);
  }

  @Get('rollups/overdue')
  @RequirePermission(Permission.RollupsRead)
  @ApiOperation({ summary: '逾期红榜：逾期未完成的分派，逾期最久的在前，分页' })
  @ApiOkResponse({ type: OverduePageResponse })
  overdue(@CurrentUser() user: AuthUser, @Query() query: OverdueQuery) {
    return this.rollups.overdueList(user, { planId: query.planId, page: query.page, pageSize: query.pageSize });
  }
}

/** Drops absent filters (the DTO carries undefined keys). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
