import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { User, UserUnit } from '@duban/db';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { permissionsOf } from './permissions-of';

export interface LoadedUser {
  user: AuthUser;
  passwordChangedAt: Date;
  /** signed in with a temporary password: only AllowTemporaryPassword routes until it is changed */
  mustChangePassword: boolean;
}

/** Reads an active user with roles and memberships, as the guard and /me present them. */
@Injectable()
export class AuthUserLoader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(userId: string, sessionId: string): Promise<LoadedUser | null> {
    const row = await this.db.getRepository(User).findOne({ where: { id: userId, isActive: true } });
    if (!row) return null;
    const memberships = await this.db.getRepository(UserUnit).find({ where: { userId }, order: { unitId: 'ASC', role: 'ASC' } });
    const units = memberships.map((m) => ({ unitId: m.unitId, role: m.role }));
    const office: unknown[] = units.length
      ? await this.db.query(
          `SELECT 1 FROM org_units WHERE id = ANY($1::uuid[]) AND is_supervision_office AND archived_at IS NULL LIMIT 1`,
          [units.map((u) => u.unitId)],
        )
      : [];
    const user: AuthUser = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      globalRoles: row.globalRoles,
      units,
      permissions: permissionsOf(row.globalRoles, units, office.length > 0),
      sessionId,
    };
    return { user, passwordChangedAt: row.passwordChangedAt, mustChangePassword: row.mustChangePassword };
  }
}
