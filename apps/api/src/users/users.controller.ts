import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '../auth/permissions';
import { Ctx, type RequestContext } from '../common/request-context';
import { CreateUserBody, ListUsersQuery, ResetPasswordBody, UpdateUserBody } from './users.dto';
import { UsersAdminService } from './users-admin.service';
import { UsersQueryService } from './users-query.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly queries: UsersQueryService,
    private readonly admin: UsersAdminService,
  ) {}

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: '用户列表（局领导看全部，科室负责人看本单位，其他人只看自己）' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery) {
    return this.queries.list(user, query);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: '用户详情（范围外的用户返回 404）' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(user, id);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '新建用户（未给密码时生成一个，仅此一次返回）' })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateUserBody) {
    return this.admin.create(ctx, body);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '修改用户：姓名、邮箱、停用、所属单位与角色' })
  update(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserBody) {
    return this.admin.update(ctx, user, id, body);
  }

  @Post(':id/reset-password')
  @RequirePermission(Permission.UsersManage)
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码：该用户所有登录失效，下次登录须修改密码' })
  resetPassword(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: ResetPasswordBody) {
    return this.admin.resetPassword(ctx, id, body.password);
  }
}
