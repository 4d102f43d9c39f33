import { ApiProperty } from '@nestjs/swagger';
import { Permission } from '@duban/access';

export class MembershipResponse {
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: ['department_head', 'unit_member'] }) role!: 'department_head' | 'unit_member';
}

export class MeResponse {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'leader'], isArray: true }) globalRoles!: ('admin' | 'leader')[];
  @ApiProperty({ type: [MembershipResponse] }) units!: MembershipResponse[];
  @ApiProperty({ enum: Object.values(Permission), isArray: true }) permissions!: Permission[];
  @ApiProperty({ description: '登录会话' }) sessionId!: string;
  @ApiProperty({ description: '为 true 时须先修改临时密码' }) mustChangePassword!: boolean;
}
