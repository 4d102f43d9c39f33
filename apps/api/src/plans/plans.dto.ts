import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DraftOperation } from '@duban/plan-revision';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

export class VersionBody {
  @ApiProperty({ description: '草稿当前版本号（乐观锁）' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version!: number;
}

export class EditDraftBody extends VersionBody {
  @ApiProperty({
    description: '依次执行的修改：updatePlan / updateSection / updatePoint / mergePoints / splitPoint / removePoint',
    example: [{ op: 'updatePoint', section: [1], point: 2, title: '全面提升基层党建工作水平' }],
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  // each operation is checked field by field in applyDraftOperations, which knows every shape
  operations!: DraftOperation[];
}

export class ListPlansQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['draft', 'confirmed'] })
  @IfPresent()
  @IsIn(['draft', 'confirmed'])
  status?: 'draft' | 'confirmed';

  @ApiPropertyOptional({ description: '年度：该年度的计划，以及规划期覆盖该年的规划（如“十四五”规划覆盖 2021—2025 年）' })
  @IfPresent()
  @Type(() => Number)
  @IsInt()
  @Min(1949)
  @Max(9999)
  year?: number;

  @ApiPropertyOptional({ description: '标题包含' })
  @IfPresent()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['createdAt', '-createdAt', 'year', '-year', 'title', '-title'], default: '-createdAt' })
  @IfPresent()
  @IsIn(['createdAt', '-createdAt', 'year', '-year', 'title', '-title'])
  sort: string = '-createdAt';
}
