import type { Deadline } from '@duban/plan-parser';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A heading of a confirmed plan (一、 or nested （一）). */
@Entity('plan_sections')
export class PlanSection {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') planId!: string;
  @Column('uuid', { nullable: true }) parentId!: string | null;
  @Column('text') number!: string;
  @Column('int') ordinal!: number;
  /** document order among all sections of the plan */
  @Column('int') position!: number;
  @Column('text') title!: string;
  @Column('text') text!: string;
  /** the heading's own deadlines (（三）…（2021年6月底前完成）): its points' default when they have none */
  @Column('jsonb', { default: () => "'[]'" }) deadlines!: Deadline[];
}
