import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EvidenceReviewState = 'pending' | 'accepted' | 'returned';

/** An uploaded evidence file (佐证材料); the name people gave it is metadata only. */
@Entity('evidence_files')
export class EvidenceFile {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') assignmentId!: string;
  @Column('uuid', { nullable: true }) requirementId!: string | null;
  @Column('text') fileName!: string;
  @Column('text') storageKey!: string;
  @Column('char', { length: 64 }) sha256!: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) byteSize!: number;
  @Column('text') mime!: string;
  @Column('text') ext!: string;
  @Column('uuid', { nullable: true }) uploadedBy!: string | null;
  @Column('timestamptz', { default: () => 'now()' }) uploadedAt!: Date;
  @Column('text', { default: 'pending' }) reviewState!: EvidenceReviewState;
  @Column('text', { nullable: true }) reviewReason!: string | null;
  @Column('uuid', { nullable: true }) reviewedBy!: string | null;
  @Column('timestamptz', { nullable: true }) reviewedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) withdrawnAt!: Date | null;
}
