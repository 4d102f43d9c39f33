import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { numericColumn } from '../numeric';

export type AssignmentRole = 'lead' | 'cooperating' | 'responsible';
export type AssignmentState = 'assigned' | 'in_progress' | 'submitted' | 'approved' | 'returned' | 'extension_requested' | 'cancelled';

/** A task given to one unit. Overdue is derived from due date and today, never stored. */
@Entity('assignments')
export class Assignment {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') taskId!: string;
  @Column('uuid') unitId!: string;
  @Column('text') role!: AssignmentRole;
  @Column('uuid', { nullable: true }) ownerUserId!: string | null;
  /** YYYY-MM-DD */
  @Column('date') dueDate!: string;
  @Column('text', { default: 'assigned' }) state!: AssignmentState;
  @Column('text', { nullable: true }) resumeState!: 'assigned' | 'in_progress' | 'returned' | null;
  @Column('int', { default: 0 }) progressPercent!: number;
  @Column('timestamptz', { nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) approvedAt!: Date | null;
  @Column('uuid', { nullable: true }) approvedBy!: string | null;
  @Column('text', { nullable: true }) lateCloseReason!: string | null;
  @VersionColumn() version!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  // milliseconds, as the API shows it: lists sort by it (migration 1796000000000)
  @UpdateDateColumn({ type: 'timestamptz', precision: 3 }) updatedAt!: Date;
}

@Entity('assignment_due_changes')
export class AssignmentDueChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') assignmentId!: string;
  @Column('date') oldDue!: string;
  @Column('date') newDue!: string;
  @Column('text') source!: 'extension' | 'adjustment' | 'import';
  @Column('text') reason!: string;
  @Column('uuid', { nullable: true }) changedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
}

@Entity('extension_requests')
export class ExtensionRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') assignmentId!: string;
  @Column('date') requestedDue!: string;
  @Column('text') reason!: string;
  @Column('text', { default: 'pending' }) status!: 'pending' | 'approved' | 'denied';
  @Column('uuid', { nullable: true }) requestedBy!: string | null;
  @Column('uuid', { nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { nullable: true }) decidedAt!: Date | null;
  @Column('text', { nullable: true }) decisionReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

@Entity('progress_reports')
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') assignmentId!: string;
  @Column('int') percent!: number;
  @Column('text', { default: '' }) narrative!: string;
  @Column('text', { nullable: true }) period!: string | null;
  @Column('uuid', { nullable: true }) reportedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** A reported actual value of a task target, as of a date. */
@Entity('target_actuals')
export class TargetActual {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') progressReportId!: string;
  @Column('uuid') assignmentId!: string;
  @Column('uuid') taskTargetId!: string;
  @Column('numeric', { transformer: numericColumn }) value!: number;
  @Column('date') asOf!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** Approve or return of a submission, with the reason people see in the timeline. */
@Entity('review_decisions')
export class ReviewDecision {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('uuid') assignmentId!: string;
  @Column('text') decision!: 'approve' | 'return';
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { nullable: true }) decidedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
}
