import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type GlobalRole = 'admin' | 'leader';
export type UnitRole = 'department_head' | 'unit_member';

/** A person who signs in. Bureau-wide roles here; per-unit roles in UserUnit. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text') displayName!: string;
  @Column('text', { nullable: true }) email!: string | null;
  /** argon2id; never leaves the server */
  @Column('text', { select: false }) passwordHash!: string;
  @Column('text', { array: true, default: () => "'{}'" }) globalRoles!: GlobalRole[];
  @Column('boolean', { default: true }) isActive!: boolean;
  @Column('boolean', { default: false }) mustChangePassword!: boolean;
  @Column('timestamptz') passwordChangedAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Membership of a user in an org unit, with the role held there. */
@Entity('user_units')
export class UserUnit {
  @PrimaryColumn('uuid') userId!: string;
  @PrimaryColumn('uuid') unitId!: string;
  @PrimaryColumn('text') role!: UnitRole;
}

/** One refresh token of a sign-in session; rotated on every use, stored only as a hash. */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  @Column('uuid') familyId!: string;
  @Column('char', { length: 64 }) tokenHash!: string;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) usedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) userAgent!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
