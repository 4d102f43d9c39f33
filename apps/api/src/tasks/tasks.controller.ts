import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { AssignmentService, ChangeRequestService, TaskDecompositionService, TaskEditService, TaskQueryService } from '@duban/work';
import {
  AssignBody,
  BulkAssignBody,
  CreateChangeRequestBody,
  DecisionBody,
  DecomposeBody,
  ListTasksQuery,
  MergeTasksBody,
  PatchTaskBody,
  SplitTaskBody,
} from './tasks.dto';
import {
  AssignResponse,
  BulkAssignResponse,
  DecomposeResponse,
  TaskChangeRequestRecordResponse,
  TaskDetailResponse,
  TaskPageResponse,
} from './tasks.responses';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api')
export class TasksController {
  constructor(
    private readonly decomposition: TaskDecompositionService,
    private readonly edits: TaskEditService,
    private readonly queries: TaskQueryService,
    private readonly assignments: AssignmentService,
    private readonly changes: ChangeRequestService,
  ) {}

  @Post('plans/:planId/tasks/decompose')
  @RequirePermission(Permission.TasksManage)
  @HttpCode(200)
  @ApiOperation({ summary: '把已确认计划的要点分解为任务（每个尚未分解的要点一个任务；可重复调用），并给出建议责任单位' })
  @ApiOkResponse({ type: DecomposeResponse })
  decompose(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: DecomposeBody,
  ) {
    return this.decomposition.decompose(ctx, user, planId, body.bureauId);
  }

  @Get('tasks')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: TaskPageResponse })
  @ApiOperation({ summary: '任务列表（仅本人可见的任务；按计划、要点、状态筛选）' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQuery) {
    return this.queries.list(user, query);
  }

  @Post('tasks/merge')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '合并同一要点下尚未分派的任务（第一个保留）' })
  @ApiCreatedResponse({ type: TaskDetailResponse })
  async merge(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Body() body: MergeTasksBody) {
    return this.queries.get(user, await this.edits.merge(ctx, user, body));
  }

  @Get('tasks/:id')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: TaskDetailResponse })
  @ApiOperation({ summary: '任务详情：分派、指标与最新实际值、佐证要求、待审批的调整、时间线' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(user, id);
  }

  @Patch('tasks/:id')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '修改任务；已分派任务的标题、指标、时限须走调整审批（409 CHANGE_NEEDS_APPROVAL）' })
  @ApiOkResponse({ type: TaskDetailResponse })
  async patch(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PatchTaskBody,
  ) {
    await this.edits.patch(ctx, user, id, body);
    return this.queries.get(user, id);
  }

  @Post('tasks/:id/split')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '把尚未分派的任务拆分为几个任务（第一部分保留原任务）' })
  async split(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SplitTaskBody,
  ) {
    const taskIds = await this.edits.split(ctx, user, id, body);
    return { taskIds };
  }

  @Post('tasks/:id/assignments')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '分派给指定单位（牵头/配合/责任），已分派的单位跳过' })
  @ApiCreatedResponse({ type: AssignResponse })
  assign(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignBody) {
    return this.assignments.assign(ctx, user, id, body);
  }

  @Post('tasks/:id/assignments/bulk')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '按单位集合批量分派（如所有小学、所有区县教育局、按标签），一条 SQL 完成' })
  @ApiCreatedResponse({ type: BulkAssignResponse })
  assignBulk(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: BulkAssignBody,
  ) {
    return this.assignments.assignBulk(ctx, user, id, body);
  }

  @Post('tasks/:id/change-requests')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '申请调整（标题、指标、时限、责任单位）或取消任务；批准前原内容继续有效' })
  @ApiCreatedResponse({ type: TaskChangeRequestRecordResponse })
  requestChange(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateChangeRequestBody,
  ) {
    return this.changes.create(ctx, user, id, body);
  }

  @Post('change-requests/:id/approve')
  @RequirePermission(Permission.TasksManage)
  @HttpCode(200)
  @ApiOperation({ summary: '批准调整/取消申请（负责科室负责人），在一个事务中生效' })
  @ApiOkResponse({ type: TaskChangeRequestRecordResponse })
  approveChange(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionBody,
  ) {
    return this.changes.decide(ctx, user, id, true, body.reason);
  }

  @Post('change-requests/:id/return')
  @RequirePermission(Permission.TasksManage)
  @HttpCode(200)
  @ApiOperation({ summary: '退回调整/取消申请（须填写理由）' })
  @ApiOkResponse({ type: TaskChangeRequestRecordResponse })
  returnChange(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecisionBody,
  ) {
    return this.changes.decide(ctx, user, id, false, body.reason);
  }
}
