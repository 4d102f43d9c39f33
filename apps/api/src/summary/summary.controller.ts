import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Permission, type AuthUser } from '@duban/access';
import { type RequestContext } from '@duban/audit';
import { contentDisposition, readSmallUpload } from '@duban/storage';
import { ReconciliationService, SUMMARY_CONTENT_TYPES, SummaryService, type SummaryFormat } from '@duban/summary';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Ctx } from '../common/request-context';
import { ConfirmProposalBody, RejectProposalBody } from './summary.dto';

/** A year-end summary is a few dozen pages of text at most; 20 MB matches the plan import's limit. */
export const SUMMARY_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;

const PENDING_NOTE = '计划较大，总结正在后台生成，请稍后再次下载';

@ApiTags('summary')
@ApiBearerAuth()
@Controller('api/plans/:planId')
export class SummaryController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly reconciliations: ReconciliationService,
  ) {}

  private async send(user: AuthUser, planId: string, format: SummaryFormat, reply: FastifyReply): Promise<unknown> {
    const result = await this.summaries.download(user, planId, format);
    if (result.kind === 'pending') {
      void reply.status(202).header('retry-after', '10');
      return { exportId: result.exportId, status: result.status, error: result.error, message: PENDING_NOTE };
    }
    void reply.header('content-type', result.contentType).header('content-disposition', contentDisposition(result.fileName));
    return result.bytes;
  }

  @Get('summary.docx')
  @RequirePermission(Permission.SummaryRead)
  @ApiProduces(SUMMARY_CONTENT_TYPES.docx)
  @ApiOperation({ summary: '下载年度工作总结（.docx，公文版式）；大计划由后台生成，生成期间返回 202' })
  docx(@CurrentUser() user: AuthUser, @Param('planId', ParseUUIDPipe) planId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(user, planId, 'docx', reply);
  }

  @Get('summary.md')
  @RequirePermission(Permission.SummaryRead)
  @ApiProduces('text/markdown')
  @ApiOperation({ summary: '下载年度工作总结（Markdown）' })
  md(@CurrentUser() user: AuthUser, @Param('planId', ParseUUIDPipe) planId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(user, planId, 'md', reply);
  }

  @Get('summary.xlsx')
  @RequirePermission(Permission.SummaryRead)
  @ApiProduces(SUMMARY_CONTENT_TYPES.xlsx)
  @ApiOperation({ summary: '下载完成情况表（.xlsx）：每项任务的完成率、指标完成情况、未完成原因与佐证材料' })
  xlsx(@CurrentUser() user: AuthUser, @Param('planId', ParseUUIDPipe) planId: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.send(user, planId, 'xlsx', reply);
  }

  @Post('summary/reconciliations')
  @RequirePermission(Permission.SummaryReconcile)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: '导入年度工作总结文档，与计划的指标逐项核对，生成待确认的实际完成数' })
  async import(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Req() req: FastifyRequest,
  ) {
    const { fileName, bytes } = await readSmallUpload(req, SUMMARY_UPLOAD_MAX_BYTES, 'SUMMARY_TOO_LARGE');
    return this.reconciliations.import(ctx, user, planId, fileName, bytes);
  }

  @Get('summary/reconciliations')
  @RequirePermission(Permission.SummaryReconcile)
  @ApiOperation({ summary: '该计划导入过的年度总结核对记录（最新在前），含各状态的条数' })
  list(@CurrentUser() user: AuthUser, @Param('planId', ParseUUIDPipe) planId: string) {
    return this.reconciliations.list(user, planId);
  }

  @Get('summary/reconciliations/:reconciliationId')
  @RequirePermission(Permission.SummaryReconcile)
  @ApiOperation({ summary: '查看一次总结核对：每项数据的匹配指标、置信度与处理状态' })
  get(
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Param('reconciliationId', ParseUUIDPipe) reconciliationId: string,
  ) {
    return this.reconciliations.get(user, planId, reconciliationId);
  }

  @Post('summary/reconciliations/:reconciliationId/proposals/:proposalId/confirm')
  @RequirePermission(Permission.SummaryReconcile)
  @HttpCode(200)
  @ApiOperation({ summary: '确认一项：将总结中的数字记为该指标的实际完成数（如同一次进度报告）' })
  confirm(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Param('reconciliationId', ParseUUIDPipe) reconciliationId: string,
    @Param('proposalId', ParseUUIDPipe) proposalId: string,
    @Body() body: ConfirmProposalBody,
  ) {
    return this.reconciliations.confirm(ctx, user, planId, reconciliationId, proposalId, body);
  }

  @Post('summary/reconciliations/:reconciliationId/proposals/:proposalId/reject')
  @RequirePermission(Permission.SummaryReconcile)
  @HttpCode(200)
  @ApiOperation({ summary: '拒绝一项：不记录该数字' })
  reject(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Param('reconciliationId', ParseUUIDPipe) reconciliationId: string,
    @Param('proposalId', ParseUUIDPipe) proposalId: string,
    @Body() body: RejectProposalBody,
  ) {
    return this.reconciliations.reject(ctx, user, planId, reconciliationId, proposalId, body.reason);
  }
}
