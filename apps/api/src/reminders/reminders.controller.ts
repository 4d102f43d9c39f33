import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PlanAccess, Permission, type AuthUser } from '@duban/access';
import type { RequestContext } from '@duban/audit';
import { AppConfig } from '@duban/config';
import { DubanError } from '@duban/errors';
import { MailAdminService, ReminderAdminService, ReminderStats } from '@duban/reminders';
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { CurrentUser, Public, RequirePermission } from '../auth/decorators';
import { PageQuery } from '../common/pagination.dto';
import { Ctx } from '../common/request-context';
import {
  CalendarOverrideBody,
  CreateWebhookBody,
  MailTestBody,
  DateParam,
  OverridesQuery,
  PreferenceBody,
  ReminderSettingsBody,
  UpdateWebhookBody,
  WebhooksQuery,
} from './reminders.dto';
import {
  CalendarOverrideResponse,
  MailSettingsResponse,
  MailTestResponse,
  PlanReminderSettingsResponse,
  ReminderPreferenceResponse,
  UnitWebhookResponse,
} from './reminders.responses';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api')
export class RemindersController {
  constructor(
    private readonly admin: ReminderAdminService,
    private readonly plans: PlanAccess,
    private readonly mail: MailAdminService,
  ) {}

  @Get('admin/mail')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '邮件设置（由环境变量 SMTP_URL、MAIL_FROM、PUBLIC_URL 设置，只读；不返回账号密码）与今日发送情况' })
  @ApiOkResponse({ type: MailSettingsResponse })
  mailSettings() {
    return this.mail.settings();
  }

  @Post('admin/mail/test')
  @HttpCode(200)
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '立即发送一封测试邮件（默认发往本人邮箱；10 秒超时；失败为 MAIL_TEST_FAILED；留痕）' })
  @ApiOkResponse({ type: MailTestResponse })
  mailTest(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Body() body: MailTestBody) {
    return this.mail.sendTest(ctx, user.id, body.to);
  }

  @Get('plans/:planId/reminder-settings')
  @RequirePermission(Permission.PlansRead)
  @ApiOperation({ summary: '计划的提醒设置：到期前第几个工作日提醒、逾期几天上报科室负责人、几天列入领导周报' })
  @ApiOkResponse({ type: PlanReminderSettingsResponse })
  settings(@Param('planId', ParseUUIDPipe) planId: string) {
    return this.admin.getSettings(planId);
  }

  @Put('plans/:planId/reminder-settings')
  @RequirePermission(Permission.PlansEdit)
  @ApiOperation({ summary: '修改计划的提醒设置（管理员、导入该计划的科室负责人；留痕）' })
  @ApiOkResponse({ type: PlanReminderSettingsResponse })
  async putSettings(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: ReminderSettingsBody,
  ) {
    await this.plans.assertCanChange(user, planId);
    return this.admin.putSettings(ctx, user.id, planId, body);
  }

  @Get('admin/calendar-overrides')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '本局的日历调整（在国家节假日与调休之外另行放假或上班的日子）' })
  @ApiOkResponse({ type: [CalendarOverrideResponse] })
  overrides(@Query() q: OverridesQuery) {
    return this.admin.listOverrides(q.from, q.to);
  }

  @Put('admin/calendar-overrides/:date')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '设置某日为上班或放假（留痕）；提醒只在工作日发送' })
  @ApiOkResponse({ type: CalendarOverrideResponse })
  putOverride(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param() p: DateParam, @Body() body: CalendarOverrideBody) {
    return this.admin.putOverride(ctx, user.id, { date: p.date, kind: body.kind, reason: body.reason });
  }

  @Delete('admin/calendar-overrides/:date')
  @HttpCode(204)
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '删除某日的调整，恢复国家日历（留痕）' })
  @ApiNoContentResponse()
  async deleteOverride(@Ctx() ctx: RequestContext, @Param() p: DateParam) {
    await this.admin.deleteOverride(ctx, p.date);
  }

  @Get('admin/unit-webhooks')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '各单位的钉钉、企业微信群机器人（地址中的令牌与加签密钥不返回）' })
  @ApiOkResponse({ type: [UnitWebhookResponse] })
  webhooks(@Query() q: WebhooksQuery) {
    return this.admin.listWebhooks(q.unitId);
  }

  @Post('admin/unit-webhooks')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '为单位添加群机器人（留痕，不记录密钥）' })
  @ApiCreatedResponse({ type: UnitWebhookResponse })
  createWebhook(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Body() body: CreateWebhookBody) {
    return this.admin.createWebhook(ctx, user.id, body);
  }

  @Patch('admin/unit-webhooks/:id')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '修改群机器人：地址、密钥、启用（留痕）' })
  @ApiOkResponse({ type: UnitWebhookResponse })
  updateWebhook(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWebhookBody) {
    return this.admin.updateWebhook(ctx, id, body);
  }

  @Delete('admin/unit-webhooks/:id')
  @HttpCode(204)
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '删除群机器人（留痕）' })
  @ApiNoContentResponse()
  async deleteWebhook(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string) {
    await this.admin.deleteWebhook(ctx, id);
  }

  @Get('admin/deliveries/dead')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '投递失败（已放弃）的提醒及原因：退信、拒收、重试用尽' })
  dead(@Query() q: PageQuery) {
    return this.admin.listDead(q.page, q.pageSize);
  }

  @Post('admin/deliveries/:id/retry')
  @RequirePermission(Permission.RemindersManage)
  @ApiOperation({ summary: '重新投递一条已放弃的提醒（留痕）' })
  retry(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.admin.retryDead(ctx, id);
  }

  @Get('me/reminder-preference')
  @RequirePermission(Permission.Self)
  @ApiOperation({ summary: '我的提醒方式：即时，或每日汇总一封邮件' })
  @ApiOkResponse({ type: ReminderPreferenceResponse })
  preference(@CurrentUser() user: AuthUser) {
    return this.admin.getPreference(user.id);
  }

  @Put('me/reminder-preference')
  @RequirePermission(Permission.Self)
  @ApiOperation({ summary: '修改我的提醒方式（留痕）' })
  @ApiOkResponse({ type: ReminderPreferenceResponse })
  setPreference(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Body() body: PreferenceBody) {
    return this.admin.setPreference(ctx, user.id, body.reminderMode);
  }
}

/**
 * Prometheus metrics. Public to the sign-in guard (scrapers carry no user session) but closed by its
 * own bearer token, METRICS_TOKEN; without one configured the endpoint does not exist (404).
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly stats: ReminderStats,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  @Public()
  @ApiExcludeEndpoint()
  @Header('cache-control', 'no-store')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(@Req() req: FastifyRequest): Promise<string> {
    const token = this.config.METRICS_TOKEN;
    if (!token) throw DubanError.notFound('指标');
    const given = Buffer.from(String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want))
      throw new DubanError('UNAUTHENTICATED', '需要指标令牌（METRICS_TOKEN）');
    return this.stats.metrics();
  }
}
