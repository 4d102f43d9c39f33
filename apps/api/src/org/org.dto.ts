import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORG_UNIT_TYPES, type OrgUnitType } from '@duban/db';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { IfPresent } from '../common/validation';
import { PageQuery } from '../common/pagination.dto';

// eslint-disable-next-line no-control-regex -- a NUL or control character must be a 400, not a PostgreSQL error
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
/** `?tag=小学&tag=公办` or `?tag=小学,公办` → ['小学', '公办'] */
const toList = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').filter((x) => x !== '') : value;

export const UNIT_SORTS = ['code', '-code', 'name', '-name', 'type', '-type', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'];

export class ListUnitsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORG_UNIT_TYPES })
  @IfPresent()
  @IsIn(ORG_UNIT_TYPES)
  type?: OrgUnitType;

  @ApiPropertyOptional({ description: '必须同时具有的标签（可重复或用逗号分隔）', type: [String] })
  @IfPresent()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  @Matches(NO_CONTROL, { each: true })
  tag?: string[];

  @ApiPropertyOptional({ description: '上级单位' })
  @IfPresent()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: '名称、简称、别名或编码包含' })
  @IfPresent()
  @IsString()
  @MaxLength(100)
  @Matches(NO_CONTROL)
  q?: string;

  @ApiPropertyOptional({ default: false })
  @IfPresent()
  @Transform(toBoolean)
  @IsBoolean()
  includeArchived = false;

  @ApiPropertyOptional({ enum: UNIT_SORTS, default: 'code' })
  @IfPresent()
  @IsIn(UNIT_SORTS)
  sort = 'code';
}

export class TreeQuery {
  @ApiPropertyOptional({ default: false })
  @IfPresent()
  @Transform(toBoolean)
  @IsBoolean()
  includeArchived = false;
}

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IfPresent()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx' = 'csv';
}

export class ImportQuery {
  @ApiPropertyOptional({ description: '只检查不写入（默认 true）', default: true })
  @IfPresent()
  @Transform(toBoolean)
  @IsBoolean()
  dryRun = true;
}

// update fields may be omitted but not null (only parentId may be null: a root)
const present = (_o: object, v: unknown): boolean => v !== undefined;

/** PATCH body; list items are normalised (trimmed, split on | 、 ；, de-duplicated). The code never changes. */
export class UpdateUnitBody {
  @ApiPropertyOptional({ example: '基础教育科' })
  @ValidateIf(present)
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: ['基教科'], type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  shortNames?: string[];

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ enum: ORG_UNIT_TYPES })
  @ValidateIf(present)
  @IsIn(ORG_UNIT_TYPES)
  type?: OrgUnitType;

  @ApiPropertyOptional({ example: ['小学', '公办'], type: [String] })
  @ValidateIf(present)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, description: '上级单位 id；null 表示顶级（仅教育局、区县教育局）', nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ description: '督查室（办公室）：其成员可把计划要点分派到牵头科室（plans:route）' })
  @ValidateIf(present)
  @IsBoolean()
  isSupervisionOffice?: boolean;
}

export class CreateUnitBody extends UpdateUnitBody {
  @ApiProperty({ example: 'DL-D-JJK', description: '稳定的外部编码，导入按编码对应；创建后不可修改' })
  @IsString()
  @MaxLength(64)
  code!: string;
}

export class UnitMatchesQuery {
  @ApiPropertyOptional({ description: '在哪个教育局的范围内理解单位名称（默认：唯一的顶级单位）' })
  @IfPresent()
  @IsUUID()
  scopeId?: string;
}
