import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GlobalRole, UnitRole } from '@duban/db';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@duban/access';

export const GLOBAL_ROLES: readonly GlobalRole[] = ['admin', 'leader'];
export const UNIT_ROLES: readonly UnitRole[] = ['department_head', 'unit_member'];
const USERNAME = /^[a-z0-9][a-z0-9_.-]{1,63}$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: '所属单位' })
  @IfPresent()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: [...GLOBAL_ROLES, ...UNIT_ROLES] })
  @IfPresent()
  @IsIn([...GLOBAL_ROLES, ...UNIT_ROLES])
  role?: GlobalRole | UnitRole;

  @ApiPropertyOptional({ description: '姓名或用户名包含' })
  @IfPresent()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @Transform(toBoolean)
  @IsBoolean()
  isActive?: boolean;
}

export class MembershipInput {
  @ApiProperty()
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: UNIT_ROLES })
  @IsIn(UNIT_ROLES)
  role!: UnitRole;
}

class UserFields {
  @ApiPropertyOptional({ example: '王建国' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string | null;

  @ApiPropertyOptional({ enum: GLOBAL_ROLES, isArray: true })
  @IfPresent()
  @IsArray()
  @ArrayUnique()
  @IsIn(GLOBAL_ROLES, { each: true })
  globalRoles?: GlobalRole[];

  @ApiPropertyOptional({ type: [MembershipInput], description: '所属单位与角色（整体替换）' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => MembershipInput)
  units?: MembershipInput[];
}

export class CreateUserBody extends UserFields {
  @ApiProperty({ example: 'jjk.member2' })
  @IsString()
  @Matches(USERNAME, { message: '用户名为 2–64 位小写字母、数字、点、下划线或连字符' })
  username!: string;

  @ApiProperty({ example: '王建国' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  declare displayName: string;

  @ApiPropertyOptional({ description: '不填则生成一个随机密码并只返回这一次' })
  @IfPresent()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class UpdateUserBody extends UserFields {
  @ApiPropertyOptional({ description: '停用后该用户的所有登录立即失效' })
  @IfPresent()
  @IsBoolean()
  isActive?: boolean;
}

export class UsersImportQuery {
  @ApiPropertyOptional({ description: '只检查不写入（默认 true）', default: true })
  @IfPresent()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun = true;
}

export class ResetPasswordBody {
  @ApiPropertyOptional({ description: '不填则生成一个随机密码并只返回这一次' })
  @IfPresent()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  globalRoles: GlobalRole[];
  units: { unitId: string; unitCode: string; unitName: string; role: UnitRole }[];
  isActive: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}
