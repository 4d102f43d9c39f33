import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ConfirmProposalBody {
  @ApiPropertyOptional({ description: '记录到哪个单位的分派（任务由多个单位承担且无牵头单位时必填）' })
  @IsOptional()
  @IsUUID('all', { message: 'assignmentId 须为有效的ID' })
  assignmentId?: string;

  @ApiPropertyOptional({ description: '确认说明', maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '说明须为文字' })
  @MaxLength(2000, { message: '说明不能超过2000字' })
  reason?: string;
}

export class RejectProposalBody {
  @ApiPropertyOptional({ description: '拒绝理由', maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString({ message: '理由须为文字' })
  @MaxLength(2000, { message: '理由不能超过2000字' })
  reason?: string;
}
