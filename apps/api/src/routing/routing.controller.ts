import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type AuthUser } from '@duban/access';
import { type RequestContext } from '@duban/audit';
import { RoutingService } from '@duban/work';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Ctx } from '../common/request-context';
import { RouteBody, RoutingQuery } from './routing.dto';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/plans/:id/routing')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get()
  @RequirePermission(Permission.PlansRoute)
  @ApiOperation({ summary: '分派到科室：已确认计划的每个要点及其任务，附建议的牵头科室和配合科室（来自正文标注、任务表列和单位别名）' })
  view(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: RoutingQuery) {
    return this.routing.view(user, id, query.bureauId);
  }

  @Put()
  @RequirePermission(Permission.PlansRoute)
  @ApiOperation({ summary: '一次确认或修改多个要点（或任务）的牵头科室和配合科室；全部成功或全部不变' })
  route(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: RouteBody) {
    return this.routing.route(ctx, user, id, body);
  }

  @Post('undo')
  @HttpCode(200)
  @RequirePermission(Permission.PlansRoute)
  @ApiOperation({ summary: '撤销最近一次分派到科室（其任务尚未分派给责任单位时；否则 409 ROUTING_LOCKED）' })
  undo(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.routing.undo(ctx, user, id);
  }
}
