import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of a state change. The database refuses UPDATE and DELETE on this table. */
@Entity('audit_events')
export class AuditEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text', { nullable: true }) actor!: string | null;
  @Column('text') action!: string;
  @Column('text') objectType!: string;
  @Column('text') objectId!: string;
  @Column('jsonb', { nullable: true }) before!: object | null;
  @Column('jsonb', { nullable: true }) after!: object | null;
  @Column('text', { nullable: true }) requestId!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
}
