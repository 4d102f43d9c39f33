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
}
