import { Body, Controller, Delete, Get, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { contentDisposition } from '@duban/storage';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import type { AuthUser } from '@duban/access';
import { Permission } from '@duban/access';
import { DubanError } from '@duban/errors';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import {
  EvidenceErrors,
  EvidenceQueryService,
  EvidenceRequirementsService,
  EvidenceReviewService,
  EvidenceUploadService,
} from '@duban/work';
import { PutRequirementsBody, ReturnEvidenceBody, UploadEvidenceQuery } from './evidence.dto';
import { EvidenceListResponse, EvidenceResponse } from './evidence.responses';

const UPLOAD_SCHEMA = {
  type: 'object',
  properties: {
    requirementId: { type: 'string', format: 'uuid', description: '对应的清单项（须放在 file 之前）' },
    file: { type: 'string', format: 'binary' },
  },
  required: ['file'],
};

@ApiTags('evidence')
@ApiBearerAuth()
@Controller('api')
export class EvidenceController {
  constructor(
    private readonly uploads: EvidenceUploadService,
    private readonly queries: EvidenceQueryService,
    private readonly reviews: EvidenceReviewService,
    private readonly requirements: EvidenceRequirementsService,
  ) {}

  @Post('assignments/:id/evidence')
  @RequirePermission(Permission.AssignmentsWork)
  @ApiOperation({ summary: '上传佐证材料（流式；按内容识别类型；同一任务内重复内容拒收）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: EvidenceResponse })
  async upload(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: UploadEvidenceQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    try {
      return await this.uploads.upload(ctx, user, id, req, query.requirementId);
    } catch (e) {
      // the client went away mid-upload: storage has removed the partial file; not a server fault
      if (!(e instanceof DubanError) && req.raw.socket?.destroyed) throw EvidenceErrors.aborted();
      // refused before the body was read to the end: answer and drop the connection instead of draining it
      if (!req.raw.readableEnded) void reply.header('connection', 'close');
      throw e;
    }
  }

  @Get('assignments/:id/evidence')
  @RequirePermission(Permission.TasksRead)
  @ApiOkResponse({ type: EvidenceListResponse })
  @ApiOperation({ summary: '任务分派的佐证材料与清单完成情况' })
  @ApiQuery({ name: 'includeWithdrawn', required: false, type: Boolean })
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('includeWithdrawn', new ParseBoolPipe({ optional: true })) includeWithdrawn?: boolean,
  ) {
    return this.queries.list(user, id, includeWithdrawn ?? false);
  }

  @Get('evidence/:id/download')
  @RequirePermission(Permission.TasksRead)
  @ApiOperation({ summary: '下载佐证材料' })
  async download(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() reply: FastifyReply) {
    const { file, stream } = await this.queries.download(user, id);
    return (
      reply
        .header('content-type', file.mime)
        .header('content-length', String(file.byteSize))
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        // never rendered as a page of this origin, even if a browser were asked to open it inline
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream)
    );
  }

  @Delete('evidence/:id')
  @RequirePermission(Permission.AssignmentsWork)
  @HttpCode(204)
  @ApiOperation({ summary: '撤回佐证材料（待审核或已退回的）' })
  async withdraw(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.reviews.withdraw(ctx, user, id);
  }

  @Post('evidence/:id/accept')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '佐证材料审核通过' })
  @ApiOkResponse({ type: EvidenceResponse })
  accept(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reviews.decide(ctx, user, id, 'accept', null);
  }

  @Post('evidence/:id/return')
  @RequirePermission(Permission.AssignmentsReview)
  @HttpCode(200)
  @ApiOperation({ summary: '退回佐证材料（须填写原因；单位重新上传新文件）' })
  @ApiOkResponse({ type: EvidenceResponse })
  return(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ReturnEvidenceBody,
  ) {
    return this.reviews.decide(ctx, user, id, 'return', body.reason);
  }

  @Get('tasks/:id/evidence-requirements')
  @RequirePermission(Permission.TasksRead)
  @ApiOperation({ summary: '任务的佐证材料清单' })
  listRequirements(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.requirements.list(user, id);
  }

  @Put('tasks/:id/evidence-requirements')
  @RequirePermission(Permission.TasksManage)
  @ApiOperation({ summary: '设置任务的佐证材料清单（如 实施方案、活动照片、统计表）' })
  replaceRequirements(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PutRequirementsBody,
  ) {
    return this.requirements.replace(ctx, user, id, body.items);
  }
}
