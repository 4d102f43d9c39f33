import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import { ChangePasswordBody, LoginBody, RefreshBody, UpdateProfileBody } from './auth.dto';
import { AuthService } from './auth.service';
import { clearRefreshCookie, forClient, refreshTokenFromCookie } from './refresh-cookie';
import { AllowTemporaryPassword, CurrentUser, MustChangePassword, Public, RequirePermission } from './decorators';
import { Permission } from '@duban/access';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '用户名密码登录，返回访问令牌（15 分钟）与刷新令牌',
    description: '带 X-Duban-Client: web 请求头时，刷新令牌只放在 httpOnly Cookie（SameSite=Strict，路径 /api/auth）中，不在响应体里',
  })
  async login(
    @Ctx() ctx: RequestContext,
    @Body() body: LoginBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('user-agent') userAgent?: string,
  ) {
    return forClient(request, reply, await this.auth.login(ctx, body.username, body.password, userAgent));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '用刷新令牌换取新的令牌对（旧刷新令牌随即失效；重复使用将注销整个登录）',
    description: '网页端不传 refreshToken：带 X-Duban-Client: web 请求头时从 Cookie 读取，并以新 Cookie 返回',
  })
  async refresh(
    @Ctx() ctx: RequestContext,
    @Body() body: RefreshBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('user-agent') userAgent?: string,
  ) {
    const token = body.refreshToken ?? refreshTokenFromCookie(request);
    try {
      return forClient(request, reply, await this.auth.refresh(ctx, token, userAgent));
    } catch (e) {
      // a refused cookie is dropped, so the next page load goes straight to sign-in
      if (body.refreshToken === undefined) clearRefreshCookie(request, reply);
      throw e;
    }
  }

  @Post('logout')
  @RequirePermission(Permission.Self)
  @AllowTemporaryPassword()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录：吊销本次登录的刷新令牌，访问令牌立即失效' })
  async logout(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(ctx, user);
    clearRefreshCookie(request, reply);
  }

  @Get('me')
  @RequirePermission(Permission.Self)
  @AllowTemporaryPassword()
  @ApiBearerAuth()
  @ApiOperation({ summary: '当前用户：角色、所属单位与权限；mustChangePassword 为 true 时须先修改临时密码' })
  me(@CurrentUser() user: AuthUser, @MustChangePassword() mustChangePassword: boolean): AuthUser & { mustChangePassword: boolean } {
    return { ...user, mustChangePassword };
  }

  @Patch('me')
  @RequirePermission(Permission.Self)
  @ApiBearerAuth()
  @ApiOperation({ summary: '修改本人姓名与邮箱（角色与单位由管理员设置）' })
  updateProfile(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Body() body: UpdateProfileBody) {
    return this.auth.updateProfile(ctx, user, body);
  }

  @Post('password')
  @RequirePermission(Permission.Self)
  @AllowTemporaryPassword()
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: '修改本人密码：其他登录全部失效，返回新的令牌对' })
  async changePassword(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordBody,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('user-agent') userAgent?: string,
  ) {
    return forClient(request, reply, await this.auth.changePassword(ctx, user, body.oldPassword, body.newPassword, userAgent));
  }
}
