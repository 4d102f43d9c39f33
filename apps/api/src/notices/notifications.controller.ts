import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { Permission, type AuthUser } from '@duban/access';
import { NotificationService } from '@duban/notices';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { PageQuery } from '../common/pagination.dto';
import { IfPresent } from '../common/validation';
import { NotificationPageResponse } from './notices.responses';

export class NotificationListQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'true：只看未读' })
  @IfPresent()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @RequirePermission(Permission.Self)
  @ApiOperation({ summary: '我的站内通知（催办、督办单、到期提醒…），最新在前，可只看未读；含未读数' })
  @ApiOkResponse({ type: NotificationPageResponse })
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationListQueryDto) {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @RequirePermission(Permission.Self)
  @HttpCode(200)
  @ApiOperation({ summary: '全部标为已读' })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @RequirePermission(Permission.Self)
  @HttpCode(200)
  @ApiOperation({ summary: '标为已读（仅本人的通知）' })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.notifications.markRead(user, id);
  }
}
