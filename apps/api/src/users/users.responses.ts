import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME, PageMetaResponse } from '../common/responses';
import { ImportResultResponse } from '../org/org.responses';

export class UserUnitResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ['department_head', 'unit_member'] }) role!: 'department_head' | 'unit_member';
}

export class UserResponse {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: ['admin', 'leader'], isArray: true }) globalRoles!: ('admin' | 'leader')[];
  @ApiProperty({ type: [UserUnitResponse] }) units!: UserUnitResponse[];
  @ApiProperty() isActive!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class UserPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
}

export class CreatedUserResponse extends UserResponse {
  @ApiProperty({ required: false, description: '生成的临时密码（只显示这一次）' }) password?: string;
}

export class ResetPasswordResponse {
  @ApiProperty({ required: false, description: '生成的临时密码（只显示这一次；指定密码时不返回）' }) password?: string;
}

class PlannedUserChangeResponse {
  @ApiProperty() line!: number;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['create', 'update'] }) kind!: 'create' | 'update';
  @ApiProperty({ type: [String] }) fields!: string[];
}

class TemporaryPasswordResponse {
  @ApiProperty() username!: string;
  @ApiProperty() temporaryPassword!: string;
}

export class UserImportResultResponse extends ImportResultResponse {
  @ApiProperty({ type: [PlannedUserChangeResponse] }) changes!: PlannedUserChangeResponse[];
  @ApiProperty({ type: [TemporaryPasswordResponse], required: false, description: '新建用户的临时密码（只显示这一次）' })
  temporaryPasswords?: TemporaryPasswordResponse[];
}
