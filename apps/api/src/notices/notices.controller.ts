import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission, type AuthUser } from '@duban/access';
import { type RequestContext } from '@duban/audit';
import { NoticeService, UrgeService } from '@duban/notices';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Ctx } from '../common/request-context';
import { IssueNoticeBody, NoticeListQueryDto, NoticeReplyBody, UrgeBody } from './notices.dto';
import { NoticePageResponse, NoticeResponse, UrgeResponse, UrgingListResponse } from './notices.responses';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('api')
export class NoticesController {
  constructor(
    private readonly urgings: UrgeService,
    private readonly notices: NoticeService,
  ) {}

  @Post('assignments/:id/urge')
  @RequirePermission(Permission.AssignmentsUrge)
  @ApiOperation({
    summary:
      '催办：负责科室负责人催办任一分派，牵头单位催办其配合单位；立即通知该单位人员；同一分派 24 小时内只能催办一次（否则 429，details.retryAt）',
  })
  @ApiCreatedResponse({ type: UrgeResponse })
  urge(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UrgeBody) {
    return this.urgings.urge(ctx, user, id, body.message);
  }

  @Get('assignments/:id/urgings')
  @RequirePermission(Permission.TasksRead)
  @ApiOperation({ summary: '分派的催办记录（谁、何时、催办意见），最新在前，及催办次数' })
  @ApiOkResponse({ type: UrgingListResponse })
  listUrgings(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.urgings.list(user, id);
  }

  @Post('assignments/:id/notices')
  @RequirePermission(Permission.NoticesIssue)
  @ApiOperation({
    summary: '下发督办单（督〔年〕第N号）：仅对临期（蓝）、滞后序时进度（黄）、逾期（红）的未办结分派；进度正常时 409 NOTICE_NOT_LAGGING',
  })
  @ApiCreatedResponse({ type: NoticeResponse })
  issue(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: IssueNoticeBody) {
    return this.notices.issue(ctx, user, id, body);
  }

  @Get('notices')
  @RequirePermission(Permission.TasksRead)
  @ApiOperation({
    summary: '督办单列表：按单位（unitId）或科室（departmentId），默认未反馈的，含已发出的工作日数；可按颜色、状态筛选，分页',
  })
  @ApiOkResponse({ type: NoticePageResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: NoticeListQueryDto) {
    return this.notices.list(user, query);
  }

  @Get('notices/:id')
  @RequirePermission(Permission.TasksRead)
  @ApiOperation({ summary: '督办单详情' })
  @ApiOkResponse({ type: NoticeResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.get(user, id);
  }

  @Post('notices/:id/sign')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(200)
  @ApiOperation({ summary: '签收督办单（所发单位人员，仅一次，记录签收时间）' })
  @ApiOkResponse({ type: NoticeResponse })
  sign(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.notices.sign(ctx, user, id);
  }

  @Post('notices/:id/reply')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(200)
  @ApiOperation({ summary: '反馈督办单（签收后，仅一次）：办理情况记入任务动态' })
  @ApiOkResponse({ type: NoticeResponse })
  reply(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: NoticeReplyBody) {
    return this.notices.reply(ctx, user, id, body.reply);
  }
}
