import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/responses';

export class EvidencePersonResponse {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
}

export class EvidenceResponse {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: String, nullable: true }) requirementId!: string | null;
  @ApiProperty({ type: String, nullable: true }) requirementName!: string | null;
  @ApiProperty() fileName!: string;
  @ApiProperty() byteSize!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() mime!: string;
  @ApiProperty() ext!: string;
  @ApiProperty({ type: EvidencePersonResponse, nullable: true }) uploadedBy!: EvidencePersonResponse | null;
  @ApiProperty({ type: String, nullable: true }) uploadedByName!: string | null;
  @ApiProperty(DATE_TIME) uploadedAt!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'returned'] }) reviewState!: 'pending' | 'accepted' | 'returned';
  @ApiProperty({ type: String, nullable: true }) reviewReason!: string | null;
  @ApiProperty({ type: EvidencePersonResponse, nullable: true }) reviewedBy!: EvidencePersonResponse | null;
  @ApiProperty({ type: String, nullable: true }) reviewedByName!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true }) withdrawnAt!: string | null;
}

export class ChecklistItemResponse {
  @ApiProperty() requirementId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['accepted', 'pending', 'returned', 'missing'] }) status!: 'accepted' | 'pending' | 'returned' | 'missing';
  @ApiProperty({ type: [String] }) fileIds!: string[];
}

export class EvidenceListResponse {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: [EvidenceResponse] }) items!: EvidenceResponse[];
  @ApiProperty({ type: [ChecklistItemResponse] }) checklist!: ChecklistItemResponse[];
}
