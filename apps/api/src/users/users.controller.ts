import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { readSmallUpload } from '@duban/storage';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { CreateUserBody, ListUsersQuery, ResetPasswordBody, UpdateUserBody, UsersImportQuery } from './users.dto';
import { UsersAdminService } from './users-admin.service';
import { USERS_IMPORT_MAX_BYTES, UsersImportService } from '@duban/users';
import { UsersQueryService } from './users-query.service';
import { CreatedUserResponse, ResetPasswordResponse, UserImportResultResponse, UserPageResponse, UserResponse } from './users.responses';

const UPLOAD_SCHEMA = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };
const MB = Math.round(USERS_IMPORT_MAX_BYTES / 1024 / 1024);

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly queries: UsersQueryService,
    private readonly admin: UsersAdminService,
    private readonly imports: UsersImportService,
  ) {}

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOkResponse({ type: UserPageResponse })
  @ApiOperation({ summary: '用户列表（局领导看全部，科室负责人看本单位，其他人只看自己）' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQuery) {
    return this.queries.list(user, query);
  }

  @Post('import')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({
    summary: `批量导入用户（.csv/.xlsx，≤ ${MB} MB）；dryRun=true 只检查，false 在一个事务内写入，新用户的一次性密码仅此一次返回`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiOkResponse({ type: UserImportResultResponse })
  async import(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Query() query: UsersImportQuery, @Req() req: FastifyRequest) {
    const { fileName, bytes } = await readSmallUpload(req, USERS_IMPORT_MAX_BYTES, 'USERS_IMPORT_TOO_LARGE');
    return query.dryRun ? this.imports.dryRun(bytes, user.id) : this.imports.apply(ctx, bytes, fileName, user.id);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: '用户详情（范围外的用户返回 404）' })
  @ApiOkResponse({ type: UserResponse })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(user, id);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '新建用户（未给密码时生成一个，仅此一次返回）' })
  @ApiCreatedResponse({ type: CreatedUserResponse })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateUserBody) {
    return this.admin.create(ctx, body);
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: '修改用户：姓名、邮箱、停用、所属单位与角色' })
  @ApiOkResponse({ type: UserResponse })
  update(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserBody) {
    return this.admin.update(ctx, user, id, body);
  }

  @Post(':id/reset-password')
  @RequirePermission(Permission.UsersManage)
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码：该用户所有登录失效，下次登录须修改密码' })
  @ApiOkResponse({ type: ResetPasswordResponse })
  resetPassword(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: ResetPasswordBody) {
    return this.admin.resetPassword(ctx, id, body.password);
  }
}
