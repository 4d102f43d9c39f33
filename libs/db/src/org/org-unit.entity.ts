import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OrgUnitType = 'bureau' | 'department' | 'direct_unit' | 'school' | 'district_bureau';
export const ORG_UNIT_TYPES: readonly OrgUnitType[] = ['bureau', 'department', 'direct_unit', 'school', 'district_bureau'];

/** A node of the organisation tree: the bureau, its departments, direct units, schools, districts. */
@Entity('org_units')
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** stable external key: imports are idempotent by code */
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { array: true, default: () => "'{}'" }) shortNames!: string[];
  @Column('text', { array: true, default: () => "'{}'" }) aliases!: string[];
  @Column('text') type!: OrgUnitType;
  /** 小学, 初中, 高中, 九年一贯制, 完全中学, 幼儿园, 职业学校, 特殊教育, 公办, 民办 … */
  @Column('text', { array: true, default: () => "'{}'" }) tags!: string[];
  @Column('uuid', { nullable: true }) parentId!: string | null;
  /** 办公室 / 督查室: its members route plans' points to lead departments (`plans:route`) */
  @Column('boolean', { default: false }) isSupervisionOffice!: boolean;
  @Column('timestamptz', { nullable: true }) archivedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
