import { ApiProperty } from '@nestjs/swagger';
import { ORG_UNIT_TYPES, type OrgUnitType } from '@duban/db';
import { DATE_TIME, PageMetaResponse } from '../common/responses';

export class OrgUnitResponse {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) shortNames!: string[];
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ enum: ORG_UNIT_TYPES }) type!: OrgUnitType;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '上级单位名称' }) parentName!: string | null;
  @ApiProperty() isSupervisionOffice!: boolean;
  @ApiProperty({ ...DATE_TIME, nullable: true }) archivedAt!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class OrgUnitPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [OrgUnitResponse] }) items!: OrgUnitResponse[];
}
