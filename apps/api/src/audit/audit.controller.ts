import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/decorators';
import { Permission } from '@duban/access';
import { AuditQuery } from './audit.dto';
import { AuditQueryService } from './audit-query.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({ summary: '审计日志（管理员、局领导）：按操作人、操作、对象、时间筛选，分页' })
  list(@Query() query: AuditQuery) {
    return this.audit.list(query);
  }
}
