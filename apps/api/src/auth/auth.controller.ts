import { Body, Controller, Get, Headers, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import type { AuthUser } from '@duban/access';
import { ChangePasswordBody, LoginBody, RefreshBody, UpdateProfileBody } from './auth.dto';
import { AuthService } from './auth.service';
import { AllowTemporaryPassword, CurrentUser, MustChangePassword, Public, RequirePermission } from './decorators';
import { Permission } from '@duban/access';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '用户名密码登录，返回访问令牌（15 分钟）与刷新令牌' })
  login(@Ctx() ctx: RequestContext, @Body() body: LoginBody, @Headers('user-agent') userAgent?: string) {
    return this.auth.login(ctx, body.username, body.password, userAgent);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '用刷新令牌换取新的令牌对（旧刷新令牌随即失效；重复使用将注销整个登录）' })
  refresh(@Ctx() ctx: RequestContext, @Body() body: RefreshBody, @Headers('user-agent') userAgent?: string) {
    return this.auth.refresh(ctx, body.refreshToken, userAgent);
  }

  @Post('logout')
  @RequirePermission(Permission.Self)
  @AllowTemporaryPassword()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出登录：吊销本次登录的刷新令牌，访问令牌立即失效' })
  async logout(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(ctx, user);
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
  changePassword(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordBody,
    @Headers('user-agent') userAgent?: string,
  ) {
    return this.auth.changePassword(ctx, user, body.oldPassword, body.newPassword, userAgent);
  }
}
