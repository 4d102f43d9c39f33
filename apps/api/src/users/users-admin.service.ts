import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrgUnit, User, UserUnit } from '@duban/db';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AccessTokenService } from '../auth/access-token.service';
import type { AuthUser } from '@duban/access';
import { LoginThrottleService } from '../auth/login-throttle.service';
import { generatePassword, hashPassword } from '@duban/access';
import { SessionService } from '../auth/session.service';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import type { CreateUserBody, MembershipInput, UpdateUserBody, UserView } from './users.dto';
import { UsersQueryService } from './users-query.service';

const ALL = { kind: 'all' } as const;

/** Admin changes to users; every one audited with before and after (never the password hash). */
@Injectable()
export class UsersAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly query: UsersQueryService,
    private readonly sessions: SessionService,
    private readonly tokens: AccessTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly clock: Clock,
  ) {}

  async create(ctx: RequestContext, body: CreateUserBody): Promise<UserView & { password?: string }> {
    const generated = body.password ? undefined : generatePassword();
    const passwordHash = await hashPassword(body.password ?? (generated as string));
    const view = await this.db.transaction(async (m) => {
      const taken = await m
        .getRepository(User)
        .createQueryBuilder('u')
        .where('lower(u.username) = lower(:n)', { n: body.username })
        .getExists();
      if (taken) throw new DubanError('USERNAME_TAKEN', `用户名 ${body.username} 已被使用`);
      const { identifiers } = await m.insert(User, {
        username: body.username,
        displayName: body.displayName,
        email: body.email ?? null,
        passwordHash,
        passwordChangedAt: this.clock.now(),
        globalRoles: body.globalRoles ?? [],
        // someone else chose this password: its owner replaces it at first sign-in
        mustChangePassword: true,
      });
      const id = String(identifiers[0].id);
      await this.setMemberships(m, id, body.units ?? []);
      const after = await this.query.getVisible(m, ALL, id);
      await this.audit.record(m, ctx, { action: 'user.created', objectType: 'user', objectId: id, after });
      return after;
    });
    return generated ? { ...view, password: generated } : view;
  }

  async update(ctx: RequestContext, actor: AuthUser, id: string, body: UpdateUserBody): Promise<UserView> {
    const { after, endSessions } = await this.db.transaction(async (m) => {
      const before = await this.query.getVisible(m, ALL, id);
      if (id === actor.id && (body.isActive === false || (body.globalRoles && !body.globalRoles.includes('admin')))) {
        throw new DubanError('CANNOT_DEMOTE_SELF', '不能停用自己或取消自己的管理员角色，请由其他管理员操作');
      }
      const changes: Partial<User> = {};
      if (body.displayName !== undefined) changes.displayName = body.displayName;
      if (body.email !== undefined) changes.email = body.email;
      if (body.globalRoles !== undefined) changes.globalRoles = body.globalRoles;
      if (body.isActive !== undefined) changes.isActive = body.isActive;
      if (Object.keys(changes).length > 0) await m.update(User, { id }, changes);
      if (body.units !== undefined) await this.setMemberships(m, id, body.units);
      const updated = await this.query.getVisible(m, ALL, id);
      await this.audit.record(m, ctx, { action: 'user.updated', objectType: 'user', objectId: id, before, after: updated });
      // a deactivated user's sessions end now, not when their tokens would expire
      const ended = before.isActive && updated.isActive === false ? await this.sessions.revokeAllOf(m, id) : [];
      return { after: updated, endSessions: ended };
    });
    await Promise.all(endSessions.map((s) => this.tokens.endSession(s)));
    return after;
  }

  /** Sets a new password (given or generated, returned once); the user must change it at next sign-in. */
  async resetPassword(ctx: RequestContext, id: string, password?: string): Promise<{ password?: string }> {
    const generated = password ? undefined : generatePassword();
    const passwordHash = await hashPassword(password ?? (generated as string));
    const { ended, username } = await this.db.transaction(async (m) => {
      const { username } = await this.query.getVisible(m, ALL, id);
      await m.update(User, { id }, { passwordHash, passwordChangedAt: this.clock.now(), mustChangePassword: true });
      await this.audit.record(m, ctx, {
        action: 'user.password_reset',
        objectType: 'user',
        objectId: id,
        after: { mustChangePassword: true },
      });
      return { ended: await this.sessions.revokeAllOf(m, id), username };
    });
    await Promise.all(ended.map((s) => this.tokens.endSession(s)));
    // the admin has just vouched for the account: a lockout from failed attempts ends too
    await this.throttle.recordSuccess(username);
    return generated ? { password: generated } : {};
  }

  private async setMemberships(m: EntityManager, userId: string, units: MembershipInput[]): Promise<void> {
    const unitIds = [...new Set(units.map((u) => u.unitId))];
    const found = unitIds.length ? await m.count(OrgUnit, { where: { id: In(unitIds), archivedAt: IsNull() } }) : 0;
    if (found !== unitIds.length) throw new DubanError('UNIT_NOT_FOUND', '所属单位不存在或已撤销');
    await m.delete(UserUnit, { userId });
    const unique = new Map(units.map((u) => [`${u.unitId}:${u.role}`, u]));
    if (unique.size > 0)
      await m.insert(
        UserUnit,
        [...unique.values()].map((u) => ({ userId, unitId: u.unitId, role: u.role })),
      );
  }
}
