import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

const numeric = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** A row of a five-year plan's indicator table (指标: baseline year/value, target year/value). */
@Entity('plan_indicators')
export class PlanIndicator {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') planId!: string;
  @Column('int') position!: number;
  @Column('text') name!: string;
  @Column('text') unit!: string;
  @Column('int', { nullable: true }) baselineYear!: number | null;
  @Column('numeric', { nullable: true, transformer: numeric }) baselineValue!: number | null;
  @Column('int', { nullable: true }) targetYear!: number | null;
  @Column('numeric', { nullable: true, transformer: numeric }) targetValue!: number | null;
  @Column('text', { nullable: true }) targetComparator!: string | null;
}
