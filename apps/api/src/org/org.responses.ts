import { ApiProperty } from '@nestjs/swagger';
import { ORG_UNIT_TYPES, type OrgUnitType } from '@duban/db';
import { DATE_TIME, PageMetaResponse } from '../common/responses';

/** A unit as stored (what creating, editing, archiving or restoring one answers). */
export class OrgUnitRecordResponse {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) shortNames!: string[];
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty({ enum: ORG_UNIT_TYPES }) type!: OrgUnitType;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: String, nullable: true }) parentId!: string | null;
  @ApiProperty() isSupervisionOffice!: boolean;
  @ApiProperty({ ...DATE_TIME, nullable: true }) archivedAt!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** A unit in a list: its parent's name beside the id. */
export class OrgUnitResponse extends OrgUnitRecordResponse {
  @ApiProperty({ type: String, nullable: true, description: '上级单位名称' }) parentName!: string | null;
}

class UnitRefResponse {
  @ApiProperty() id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() type!: string;
}

export class OrgUnitDetailResponse extends OrgUnitRecordResponse {
  @ApiProperty({ type: [UnitRefResponse], description: '上级单位链（从最上级起）' }) parentChain!: UnitRefResponse[];
  @ApiProperty({ description: '未撤销的下级单位数' }) childCount!: number;
  @ApiProperty() memberCount!: number;
}

export class OrgUnitPageResponse extends PageMetaResponse {
  @ApiProperty({ type: [OrgUnitResponse] }) items!: OrgUnitResponse[];
}

/** One refused or doubtful spreadsheet row (org units and users alike). */
export class ImportIssueResponse {
  @ApiProperty({ description: '行号（含表头）' }) line!: number;
  @ApiProperty() column!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: '原因（中文）' }) reason!: string;
  @ApiProperty({ required: false }) value?: string;
}

class ImportSummaryResponse {
  @ApiProperty() create!: number;
  @ApiProperty() update!: number;
  @ApiProperty() unchanged!: number;
}

/** What a spreadsheet import (or its dry run) answers. */
export class ImportResultResponse {
  @ApiProperty({ description: '没有错误' }) ok!: boolean;
  @ApiProperty({ enum: ['csv', 'xlsx'], nullable: true }) format!: 'csv' | 'xlsx' | null;
  @ApiProperty({ type: String, nullable: true }) encoding!: string | null;
  @ApiProperty({ description: '读到的数据行数' }) rows!: number;
  @ApiProperty({ type: [ImportIssueResponse], description: '最多列出若干条；errorCount 为总数' }) errors!: ImportIssueResponse[];
  @ApiProperty() errorCount!: number;
  @ApiProperty({ type: ImportSummaryResponse }) summary!: ImportSummaryResponse;
  @ApiProperty({ description: '只检查、未写入' }) dryRun!: boolean;
}

export class OrgImportResultResponse extends ImportResultResponse {
  @ApiProperty({ type: [ImportIssueResponse], description: '提示（不阻止导入）' }) warnings!: ImportIssueResponse[];
}
