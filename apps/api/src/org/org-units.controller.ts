import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { readSmallUpload } from '@duban/storage';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { CreateUnitBody, ExportQuery, ImportQuery, ListUnitsQuery, TreeQuery, UpdateUnitBody } from './org.dto';
import { ORG_IMPORT_MAX_BYTES, OrgImportService } from '@duban/org';
import { OrgUnitCommandService } from './org-unit-command.service';
import { OrgUnitQueryService } from './org-unit-query.service';
import { OrgImportResultResponse, OrgUnitDetailResponse, OrgUnitPageResponse, OrgUnitRecordResponse } from './org.responses';

const UPLOAD_SCHEMA = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };
const MB = Math.round(ORG_IMPORT_MAX_BYTES / 1024 / 1024);

@ApiTags('org')
@ApiBearerAuth()
@Controller('api/org/units')
export class OrgUnitsController {
  constructor(
    private readonly queries: OrgUnitQueryService,
    private readonly commands: OrgUnitCommandService,
    private readonly imports: OrgImportService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission(Permission.OrgRead)
  @ApiOkResponse({ type: OrgUnitPageResponse })
  @ApiOperation({ summary: '单位列表（分页；按类型、标签、上级、名称筛选）' })
  list(@Query() query: ListUnitsQuery) {
    return this.queries.list(query);
  }

  @Get('tree')
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '整棵组织树（精简字段）' })
  tree(@Query() query: TreeQuery) {
    return this.queries.tree(query.includeArchived);
  }

  @Get('export')
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '导出在用单位（csv/xlsx，与导入同列；导出再导入不产生变化）' })
  async export(@Query() query: ExportQuery): Promise<StreamableFile> {
    const bytes = await this.queries.export(query.format);
    const day = this.clock.today().replace(/-/g, '');
    const type = query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
    return new StreamableFile(bytes, {
      type,
      disposition: `attachment; filename="org-units-${day}.${query.format}"`,
      length: bytes.length,
    });
  }

  @Post('import')
  @HttpCode(200)
  @RequirePermission(Permission.OrgManage)
  @ApiOperation({ summary: `批量导入单位（.csv/.xlsx，≤ ${MB} MB）；dryRun=true 只检查，false 在一个事务内写入` })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiOkResponse({ type: OrgImportResultResponse })
  async import(@Ctx() ctx: RequestContext, @Query() query: ImportQuery, @Req() req: FastifyRequest) {
    const { fileName, bytes } = await readSmallUpload(req, ORG_IMPORT_MAX_BYTES, 'ORG_IMPORT_TOO_LARGE');
    return query.dryRun ? this.imports.dryRun(bytes) : this.imports.apply(ctx, bytes, fileName);
  }

  @Get(':id')
  @RequirePermission(Permission.OrgRead)
  @ApiOperation({ summary: '单位详情：上级链、下级数、成员数' })
  @ApiOkResponse({ type: OrgUnitDetailResponse })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.queries.get(id);
  }

  @Post()
  @RequirePermission(Permission.OrgManage)
  @ApiOperation({ summary: '新建单位' })
  @ApiCreatedResponse({ type: OrgUnitRecordResponse })
  create(@Ctx() ctx: RequestContext, @Body() body: CreateUnitBody) {
    return this.commands.create(ctx, body);
  }

  @Patch(':id')
  @RequirePermission(Permission.OrgManage)
  @ApiOperation({ summary: '修改单位（含移动到其他上级；不能移到自己的下级之下）' })
  @ApiOkResponse({ type: OrgUnitRecordResponse })
  update(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUnitBody) {
    return this.commands.update(ctx, id, body);
  }

  @Delete(':id')
  @RequirePermission(Permission.OrgManage)
  @ApiOperation({ summary: '归档单位（有未归档下级或在用成员时拒绝）' })
  @ApiOkResponse({ type: OrgUnitRecordResponse })
  archive(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.archive(ctx, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequirePermission(Permission.OrgManage)
  @ApiOperation({ summary: '恢复已归档的单位（撤销归档）' })
  @ApiOkResponse({ type: OrgUnitRecordResponse })
  restore(@Ctx() ctx: RequestContext, @Param('id', ParseUUIDPipe) id: string) {
    return this.commands.restore(ctx, id);
  }
}
