import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { numericColumn } from '../numeric';

export type TaskCadence = 'week' | 'month' | 'quarter' | 'semester' | 'year';
export type CompletionRule = 'lead_approval' | 'all_units_approval';

/** A piece of a confirmed work point that units are assigned to. */
@Entity('tasks')
export class Task {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') planId!: string;
  @Column('uuid') pointId!: string;
  @Column('int', { default: 0 }) position!: number;
  @Column('text') title!: string;
  @Column('text', { default: '' }) description!: string;
  /** the department whose heads review work and approve changes */
  @Column('uuid', { nullable: true }) ownerUnitId!: string | null;
  /** cooperating departments named by the routing step; the owner's heads assign them */
  @Column('uuid', { array: true, default: () => "'{}'" }) cooperatingUnitIds!: string[];
  /** YYYY-MM-DD */
  @Column('date') dueDate!: string;
  @Column('text', { nullable: true }) cadence!: TaskCadence | null;
  @Column('text', { default: 'lead_approval' }) completionRule!: CompletionRule;
  @Column('text', { default: 'active' }) status!: 'active' | 'cancelled';
  @Column('text', { nullable: true }) cancelReason!: string | null;
  @VersionColumn() version!: number;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('task_targets')
export class TaskTarget {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') taskId!: string;
  @Column('int', { default: 0 }) position!: number;
  @Column('text', { default: '' }) phrase!: string;
  @Column('text') metric!: string;
  @Column('numeric', { transformer: numericColumn }) value!: number;
  @Column('text') unit!: string;
  @Column('text') comparator!: '>=' | '>' | '=' | '<=' | '<';
}

/** An item of a task's evidence checklist (实施方案, 活动照片, 统计表 …). */
@Entity('task_evidence_requirements')
export class TaskEvidenceRequirement {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') taskId!: string;
  @Column('int', { default: 0 }) position!: number;
  @Column('text') name!: string;
}

/** A proposed adjustment or cancellation of an assigned task, waiting for the owner's approval. */
@Entity('task_change_requests')
export class TaskChangeRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') taskId!: string;
  @Column('text') kind!: 'adjust' | 'cancel';
  @Column('jsonb', { default: () => "'{}'" }) proposed!: Record<string, unknown>;
  @Column('text') reason!: string;
  @Column('text', { default: 'pending' }) status!: 'pending' | 'approved' | 'returned';
  @Column('uuid', { nullable: true }) requestedBy!: string | null;
  @Column('uuid', { nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @Column('text', { nullable: true }) decisionReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
