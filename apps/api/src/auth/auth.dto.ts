import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IfPresent } from '../common/validation';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@duban/access';

export class LoginBody {
  @ApiProperty({ example: 'jjk.head' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'Duban@2024demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class RefreshBody {
  @ApiPropertyOptional({ description: '登录或上次刷新返回的 refreshToken（每个只能用一次）；网页端省略，改用 Cookie' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'refreshToken 格式不正确' })
  refreshToken?: string;
}

export class ChangePasswordBody {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  oldPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `新密码至少 ${PASSWORD_MIN_LENGTH} 位` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

/** What people may change about themselves; roles, units and activation are the admin's (users API). */
export class UpdateProfileBody {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(200)
  email?: string | null;
}
