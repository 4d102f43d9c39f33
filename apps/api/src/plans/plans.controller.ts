import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@duban/config';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { DubanError } from '@duban/errors';
import { readSingleFile } from '@duban/storage';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { PlanAccess } from '@duban/access';
import { PlanDraftService } from './plan-draft.service';
import { PlanImportService, type Upload } from './plan-import.service';
import { PlanQueryService } from './plan-query.service';
import { EditDraftBody, ListPlansQuery, VersionBody } from './plans.dto';
import { ConfirmResponse, DraftResponse, PlanDetailResponse, PlanPageResponse } from './plans.responses';

const UPLOAD_SCHEMA = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };

@ApiTags('plans')
@ApiBearerAuth()
@Controller('api/plans')
export class PlansController {
  constructor(
    private readonly config: AppConfig,
    private readonly imports: PlanImportService,
    private readonly drafts: PlanDraftService,
    private readonly queries: PlanQueryService,
    private readonly access: PlanAccess,
  ) {}

  @Post('import')
  @RequirePermission(Permission.PlansImport)
  @ApiOperation({ summary: '导入工作要点文件（txt/docx/pdf/html/xlsx），返回待确认的草稿' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: DraftResponse })
  async importPlan(@Ctx() ctx: RequestContext, @Req() req: FastifyRequest) {
    return this.imports.importNew(ctx, await this.readUpload(req));
  }

  @Post(':id/import')
  @RequirePermission(Permission.PlansImport)
  @ApiOperation({ summary: '为已有计划导入修订稿，草稿中给出与已确认内容的差异' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiCreatedResponse({ type: DraftResponse })
  async reimportPlan(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: FastifyRequest,
  ) {
    await this.access.assertCanChange(user, id);
    return this.imports.reimport(ctx, id, await this.readUpload(req));
  }

  @Get()
  @RequirePermission(Permission.PlansRead)
  @ApiOkResponse({ type: PlanPageResponse })
  @ApiOperation({ summary: '计划列表（分页、筛选、排序）' })
  list(@Query() query: ListPlansQuery) {
    return this.queries.list(query);
  }

  @Get(':id')
  @RequirePermission(Permission.PlansRead)
  @ApiOkResponse({ type: PlanDetailResponse })
  @ApiOperation({ summary: '已确认计划的章节与要点' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(id);
  }

  @Get(':id/draft')
  @RequirePermission(Permission.PlansRead)
  @ApiOkResponse({ type: DraftResponse })
  @ApiOperation({ summary: '当前草稿' })
  getDraft(@Param('id', ParseUUIDPipe) id: string) {
    return this.drafts.getOpenDraft(id);
  }

  @Patch(':id/draft')
  @RequirePermission(Permission.PlansEdit)
  @ApiOperation({ summary: '修改草稿：改标题、合并或拆分要点、修改责任单位/时限/指标' })
  @ApiOkResponse({ type: DraftResponse })
  async editDraft(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: EditDraftBody,
  ) {
    await this.access.assertCanChange(user, id);
    return this.drafts.edit(ctx, id, body.version, body.operations);
  }

  @Post(':id/draft/undo')
  @RequirePermission(Permission.PlansEdit)
  @HttpCode(200)
  @ApiOperation({ summary: '撤销草稿的上一次修改' })
  @ApiOkResponse({ type: DraftResponse })
  async undoDraft(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VersionBody,
  ) {
    await this.access.assertCanChange(user, id);
    return this.drafts.undo(ctx, id, body.version);
  }

  @Delete(':id/draft')
  @RequirePermission(Permission.PlansEdit)
  @HttpCode(204)
  @ApiOperation({ summary: '放弃草稿' })
  async discardDraft(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() body: VersionBody,
  ) {
    await this.access.assertCanChange(user, id);
    await this.drafts.discard(ctx, id, body.version);
  }

  @Post(':id/restore')
  @RequirePermission(Permission.PlansEdit)
  @HttpCode(200)
  @ApiOperation({ summary: '恢复已归档（放弃草稿后删除）的计划及其草稿' })
  @ApiOkResponse({ type: DraftResponse })
  async restore(@Ctx() ctx: RequestContext, @CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.access.assertCanChange(user, id);
    return this.drafts.restore(ctx, id);
  }

  @Post(':id/confirm')
  @RequirePermission(Permission.PlansEdit)
  @HttpCode(200)
  @ApiOperation({ summary: '确认草稿：写入章节、要点、指标与责任单位（一个事务）' })
  @ApiOkResponse({ type: ConfirmResponse })
  async confirm(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: VersionBody,
  ) {
    await this.access.assertCanChange(user, id);
    return this.drafts.confirm(ctx, id, body.version);
  }

  private async readUpload(req: FastifyRequest): Promise<Upload> {
    if (!req.isMultipart()) throw new DubanError('UPLOAD_NOT_MULTIPART', '请以 multipart/form-data 上传文件（字段名 file）');
    // one byte over the limit is enough to know it is too large; storage enforces the same limit
    const { part, stream } = await readSingleFile(req, { fileSize: this.config.PLAN_MAX_BYTES + 1, fields: 5 });
    return { fileName: part.filename, stream };
  }
}
