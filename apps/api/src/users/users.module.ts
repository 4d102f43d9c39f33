import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { UsersAdminService } from './users-admin.service';
import { UsersController } from './users.controller';
import { UsersImportService } from '@duban/users';
import { UsersQueryService } from './users-query.service';

@Module({
  imports: [AuditModule, AuthModule],
  controllers: [UsersController],
  providers: [UsersQueryService, UsersAdminService, UsersImportService],
  exports: [UsersQueryService],
})
export class UsersModule {}
