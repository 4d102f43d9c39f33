import type { Deadline, Recurrence } from '@duban/plan-parser';
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A numbered work point (工作要点) of a confirmed plan; tasks are decomposed from it later. */
@Entity('work_points')
export class WorkPoint {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') planId!: string;
  @Column('uuid') sectionId!: string;
  @Column('int') number!: number;
  /** document order among all points of the plan */
  @Column('int') position!: number;
  @Column('text') title!: string;
  @Column('text') text!: string;
  /** line in the source document, for tracing back */
  @Column('int') line!: number;
  @Column('jsonb', { default: () => "'[]'" }) deadlines!: Deadline[];
  @Column('jsonb', { default: () => "'[]'" }) recurrence!: Recurrence[];
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A unit as the plan names it (牵头/配合/责任); matched to org units once the org tree exists. */
@Entity('point_unit_mentions')
export class PointUnitMention {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') pointId!: string;
  @Column('text') name!: string;
  @Column('text') role!: 'lead' | 'cooperating' | 'responsible';
}

/** A quantified commitment of a point (新增学位2430个, 覆盖率≥80%). */
@Entity('point_targets')
export class PointTarget {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') pointId!: string;
  @Column('text') phrase!: string;
  @Column('text') metric!: string;
  @Column('numeric', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) value!: number;
  @Column('text') unit!: string;
  @Column('text') comparator!: string;
}
