import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { AssignmentFilters, AssignmentListQuery, ChangeRequestListQuery } from './inbox.dto';
import { InboxService } from '@duban/work';
import { NotificationService } from '@duban/notices';
import { ChangeRequestPageResponse, InboxPageResponse, InboxSummaryResponse } from './inbox.responses';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly notifications: NotificationService,
  ) {}

  @Get('inbox/summary')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: InboxSummaryResponse })
  @ApiOperation({ summary: '待我处理：待办、待审核、待审批调整的数量（与各列表总数一致，可带相同筛选条件），及未读站内通知数' })
  async summary(@CurrentUser() user: AuthUser, @Query() filters: AssignmentFilters) {
    const [summary, unread] = await Promise.all([this.inbox.summary(user, filters), this.notifications.unreadCount(user)]);
    return { ...summary, notifications: { unread } };
  }

  @Get('inbox/actions')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: InboxPageResponse })
  @ApiOperation({ summary: '待我办理：本单位已分派、进行中、被退回的任务' })
  actions(@CurrentUser() user: AuthUser, @Query() query: AssignmentListQuery) {
    return this.inbox.list(user, 'actions', query);
  }

  @Get('inbox/reviews')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: InboxPageResponse })
  @ApiOperation({ summary: '待我审核：提交的成果与延期申请（科室负责人审核牵头/责任单位，牵头单位审核配合单位）' })
  reviews(@CurrentUser() user: AuthUser, @Query() query: AssignmentListQuery) {
    return this.inbox.list(user, 'reviews', query);
  }

  @Get('inbox/change-requests')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: ChangeRequestPageResponse })
  @ApiOperation({ summary: '待我审批：本科室负责任务的调整、取消申请' })
  changeRequests(@CurrentUser() user: AuthUser, @Query() query: ChangeRequestListQuery) {
    return this.inbox.changeRequests(user, query);
  }

  @Get('assignments')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: InboxPageResponse })
  @ApiOperation({ summary: '分派记录列表（仅本人可见范围），筛选、排序、分页' })
  assignments(@CurrentUser() user: AuthUser, @Query() query: AssignmentListQuery) {
    return this.inbox.list(user, 'all', query);
  }
}
