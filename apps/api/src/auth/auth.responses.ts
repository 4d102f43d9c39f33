import { ApiProperty } from '@nestjs/swagger';
import { Permission } from '@duban/access';

export class MembershipResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ['department_head', 'unit_member'] }) role!: 'department_head' | 'unit_member';
}

/** The signed-in user as the guard sees it (libs/access AuthUser). */
export class AuthUserResponse {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'leader'], isArray: true }) globalRoles!: ('admin' | 'leader')[];
  @ApiProperty({ type: [MembershipResponse] }) units!: MembershipResponse[];
  @ApiProperty({ enum: Object.values(Permission), isArray: true }) permissions!: Permission[];
  @ApiProperty({ description: '登录会话' }) sessionId!: string;
}

export class MeResponse extends AuthUserResponse {
  @ApiProperty({ description: '为 true 时须先修改临时密码' }) mustChangePassword!: boolean;
}

/** A sign-in, refresh or password change. */
export class TokenResponse {
  @ApiProperty({ description: '访问令牌（Bearer）' }) accessToken!: string;
  @ApiProperty({ required: false, description: '刷新令牌；网页端（X-Duban-Client: web）只在 httpOnly Cookie 中，不在响应体里' })
  refreshToken?: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ description: '访问令牌的有效秒数' }) expiresIn!: number;
  @ApiProperty({ description: '为 true 时须先修改临时密码' }) mustChangePassword!: boolean;
  @ApiProperty({ type: AuthUserResponse }) user!: AuthUserResponse;
}
