import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsObject, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IfPresent } from '../common/validation';
import type { RequirementItem as RequirementInput } from '@duban/work';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ReturnEvidenceBody {
  @ApiProperty({ description: '退回原因（必填，单位据此修改后重新上传）', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: '请填写退回原因' })
  @MaxLength(2000)
  reason!: string;
}

export class UploadEvidenceQuery {
  @ApiPropertyOptional({ description: '对应的佐证材料清单项；也可作为表单字段 requirementId 放在 file 之前' })
  @IfPresent()
  @IsUUID()
  requirementId?: string;
}

export class RequirementItem implements RequirementInput {
  @ApiPropertyOptional({ description: '已有清单项的 id（改名时保留其已关联的文件）' })
  @IfPresent()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: '实施方案', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class PutRequirementsBody {
  @ApiProperty({ type: [RequirementItem], description: '完整清单（按顺序）；未列出的已有项将被删除' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => RequirementItem)
  items!: RequirementItem[];
}

export type { EvidenceListView, EvidenceView, RequirementView } from '@duban/work';
