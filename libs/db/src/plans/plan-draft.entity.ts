import type { ParsedPlan } from '@duban/plan-parser';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { PlanDiff } from '@duban/plan-revision';

export type DraftStatus = 'open' | 'confirmed' | 'discarded';

/** The parser's output as a person edits it before confirming. At most one open draft per plan. */
@Entity('plan_drafts')
export class PlanDraft {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') planId!: string;
  @Column('uuid') documentId!: string;
  @Column('text') status!: DraftStatus;
  @Column('jsonb') parsed!: ParsedPlan;
  /** set when the plan was already confirmed: what confirming this draft would change */
  @Column('jsonb', { nullable: true }) diff!: PlanDiff | null;
  @VersionColumn() version!: number;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Every earlier state of a draft, so an edit can be undone. */
@Entity('plan_draft_revisions')
export class PlanDraftRevision {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') draftId!: string;
  @Column('int') version!: number;
  @Column('jsonb') parsed!: ParsedPlan;
  @Column('jsonb') operations!: unknown[];
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
