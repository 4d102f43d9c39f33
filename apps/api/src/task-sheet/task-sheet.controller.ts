import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { contentDisposition } from '@duban/storage';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '@duban/access';
import { CurrentUser, RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { readSmallUpload } from '@duban/storage';
import { Ctx } from '../common/request-context';
import { type RequestContext } from '@duban/audit';
import { TaskSheetService } from '@duban/work';

/** A sheet of a few thousand tasks is well under 1 MB; 10 MB leaves room for pasted formatting. */
export const TASK_SHEET_MAX_BYTES = 10 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class ImportQuery {
  @ApiPropertyOptional({ default: true, description: 'true：只检查并报告，不写入；false：无错误时一次性写入' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun 只能是 true 或 false' })
  dryRun: boolean = true;
}

@ApiTags('task-sheet')
@ApiBearerAuth()
@Controller('api/plans/:planId')
export class TaskSheetController {
  constructor(private readonly sheets: TaskSheetService) {}

  @Get('task-sheet.xlsx')
  // a sheet lists a plan's work: whoever may not read plans gets none (rows are narrowed further below)
  @RequirePermission(Permission.PlansRead)
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '导出任务分解表（.xlsx）：仅含本人可见的任务；隐藏列保存任务ID与版本，供修改后导入' })
  async export(
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { fileName, bytes } = await this.sheets.export(user, planId);
    void reply.header('content-type', XLSX).header('content-disposition', contentDisposition(fileName));
    return bytes;
  }

  @Post('task-sheet/import')
  @RequirePermission(Permission.TasksManage)
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({
    summary: '导入修改后的任务分解表：可改责任人（直接生效）、工作任务/具体内容/完成时限（已分派的任务生成调整申请待审批）',
  })
  async import(
    @Ctx() ctx: RequestContext,
    @CurrentUser() user: AuthUser,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Query() query: ImportQuery,
    @Req() req: FastifyRequest,
  ) {
    return this.sheets.import(
      ctx,
      user,
      planId,
      (await readSmallUpload(req, TASK_SHEET_MAX_BYTES, 'TASK_SHEET_TOO_LARGE')).bytes,
      query.dryRun,
    );
  }
}
