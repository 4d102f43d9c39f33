import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { AssignmentQueryService, AssignmentTransitionsService, ProgressService, type TransitionAction } from '@duban/work';
import { ProgressBody, TransitionBody } from './tasks.dto';
import { AssignmentDetailResponse, AssignmentRecordResponse, ProgressResultResponse } from './tasks.responses';

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('api')
export class AssignmentsController {
  constructor(
    private readonly transitions: AssignmentTransitionsService,
    private readonly progress: ProgressService,
    private readonly queries: AssignmentQueryService,
  ) {}

  @Get('assignments/:id')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: AssignmentDetailResponse })
  @ApiOperation({ summary: '分派详情：是否逾期、剩余天数、进展、延期与审核记录、可执行的操作' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(user, id);
  }

  @Post('assignments/:id/progress')
  @RequirePermission(Permission.AssignmentsWork)
  @ApiOperation({ summary: '报告进展：百分比、情况说明、报告期、指标实际值' })
  @ApiCreatedResponse({ type: ProgressResultResponse })
  report(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: ProgressBody) {
    return this.progress.report(ctx, user, id, body);
  }

  @Post('assignments/:id/start')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(200)
  @ApiOperation({ summary: '开始办理' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  start(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionBody) {
    return this.move(ctx, user, id, 'start', body);
  }

  @Post('assignments/:id/submit')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(200)
  @ApiOperation({ summary: '提交审核（牵头单位须待配合单位全部通过后提交汇总）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  submit(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionBody) {
    return this.move(ctx, user, id, 'submit', body);
  }

  @Post('assignments/:id/approve')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '审核通过（逾期须填写 lateCloseReason）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  approve(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionBody) {
    return this.move(ctx, user, id, 'approve', body);
  }

  @Post('assignments/:id/return')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '退回（须填写理由）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  giveBack(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionBody,
  ) {
    return this.move(ctx, user, id, 'return', body);
  }

  @Post('assignments/:id/request-extension')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(200)
  @ApiOperation({ summary: '申请延期（理由与新时限）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  requestExtension(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionBody,
  ) {
    return this.move(ctx, user, id, 'request_extension', body);
  }

  @Post('assignments/:id/cancel')
  @RequirePermission(Permission.TasksManage)
  @HttpCode(200)
  @ApiOperation({ summary: '取消某单位的分派（负责科室负责人，须填写理由）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  cancel(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransitionBody) {
    return this.move(ctx, user, id, 'cancel', body);
  }

  @Post('extension-requests/:id/approve')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '同意延期：时限改为申请的新日期，并记入时限变更历史' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  approveExtension(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionBody,
  ) {
    return this.transitions.decideExtension(ctx, user, id, true, body);
  }

  @Post('extension-requests/:id/deny')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '不同意延期（须填写理由）' })
  @ApiOkResponse({ type: AssignmentRecordResponse })
  denyExtension(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: TransitionBody,
  ) {
    return this.transitions.decideExtension(ctx, user, id, false, body);
  }

  private move(ctx: RequestContext, user: AuthUser, id: string, action: TransitionAction, body: TransitionBody) {
    return this.transitions.apply(ctx, user, id, action, body);
  }
}
