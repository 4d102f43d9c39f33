import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An uploaded plan document, kept byte-for-byte on disk under its sha256. */
@Entity('plan_documents')
export class PlanDocument {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') fileName!: string;
  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) byteSize!: number;
  @Column('char', { length: 64 }) sha256!: string;
  @Column('text') format!: string;
  @Column('text') encoding!: string;
  /** path relative to STORAGE_DIR */
  @Column('text') storageKey!: string;
  @Column('text', { nullable: true }) uploadedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) uploadedAt!: Date;
}
