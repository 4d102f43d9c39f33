import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PlanStatus = 'draft' | 'confirmed';

/** A work plan. It exists from the first import; its sections and points only after confirmation. */
@Entity('plans')
export class Plan {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') status!: PlanStatus;
  @Column('text') title!: string;
  @Column('int', { nullable: true }) year!: number | null;
  @Column('int', { nullable: true }) periodFrom!: number | null;
  @Column('int', { nullable: true }) periodTo!: number | null;
  @Column('text', { default: '' }) preamble!: string;
  /** the document the confirmed content came from (null until the first confirmation) */
  @Column('uuid', { nullable: true }) documentId!: string | null;
  @Column('timestamptz', { nullable: true }) confirmedAt!: Date | null;
  @Column('text', { nullable: true }) confirmedBy!: string | null;
  /** set when the plan was discarded before it was ever confirmed; lists and reads skip it */
  @Column('timestamptz', { nullable: true }) archivedAt!: Date | null;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
