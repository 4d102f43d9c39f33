import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@duban/config';
import { User } from '@duban/db';
import type { DataSource } from 'typeorm';
import { AuditService } from '@duban/audit';
import { DubanError } from '@duban/errors';
import type { RequestContext } from '@duban/audit';
import { AccessTokenService } from './access-token.service';
import { badCredentials, unauthenticated } from './auth-errors';
import type { AuthUser } from '@duban/access';
import { AuthUserLoader } from './auth-user.loader';
import { LoginThrottleService } from './login-throttle.service';
import { dummyHash, hashPassword, verifyPassword } from '@duban/access';
import { SessionService } from './session.service';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** seconds until the access token expires */
  expiresIn: number;
  /** signed in with a temporary password: every endpoint but /me, password change and sign-out answers 403 until it is changed */
  mustChangePassword: boolean;
  user: AuthUser;
}

/** Sign-in, token refresh, sign-out and password change; each audited. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly loader: AuthUserLoader,
    private readonly clock: Clock,
  ) {}

  async login(ctx: RequestContext, username: string, password: string, userAgent?: string): Promise<TokenPair> {
    await this.throttle.assertAllowed(username, ctx.ip);
    const user = await this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    // unknown and inactive accounts cost one argon2 verification too, and answer the same way
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !user.isActive || !ok) {
      const { locked, remaining } = await this.throttle.recordFailure(username, ctx.ip);
      await this.db.transaction(async (m) => {
        const objectId = user?.id ?? `username:${username.slice(0, 64)}`;
        await this.audit.record(
          m,
          { ...ctx, actor: null },
          { action: 'auth.login_failed', objectType: 'user', objectId, after: { remaining } },
        );
        if (locked) await this.audit.record(m, { ...ctx, actor: null }, { action: 'auth.account_locked', objectType: 'user', objectId });
      });
      throw badCredentials();
    }
    await this.throttle.recordSuccess(username);
    const as = { ...ctx, actor: user.id };
    return this.db.transaction(async (m) => {
      const session = await this.sessions.issue(m, as, user.id, undefined, userAgent);
      await this.audit.record(m, as, {
        action: 'auth.login',
        objectType: 'user',
        objectId: user.id,
        after: { sessionId: session.familyId },
      });
      return this.pair(user.id, session.familyId, session.refreshToken);
    });
  }

  async refresh(ctx: RequestContext, refreshToken: string, userAgent?: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (m) => {
      const result = await this.sessions.rotate(m, ctx, refreshToken, userAgent);
      if (result.kind === 'reused') {
        await this.audit.record(
          m,
          { ...ctx, actor: result.userId },
          {
            action: 'auth.refresh_reused',
            objectType: 'session',
            objectId: result.familyId,
          },
        );
      }
      return result;
    });
    if (outcome.kind === 'invalid') throw unauthenticated('登录已过期，请重新登录', 'refresh_invalid');
    if (outcome.kind === 'reused') {
      await this.tokens.endSession(outcome.familyId);
      throw new DubanError('REFRESH_REUSED', '登录凭证已被使用过，为安全起见该登录已失效，请重新登录');
    }
    return this.pair(outcome.userId, outcome.familyId, outcome.refreshToken);
  }

  async logout(ctx: RequestContext, user: AuthUser): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.sessions.revokeFamily(m, user.sessionId);
      await this.audit.record(m, ctx, { action: 'auth.logout', objectType: 'session', objectId: user.sessionId });
    });
    await this.tokens.endSession(user.sessionId);
  }

  /** Ends every session of the user, then signs this client in again with the new password. */
  async changePassword(ctx: RequestContext, user: AuthUser, oldPassword: string, newPassword: string, userAgent?: string) {
    const row = await this.db.getRepository(User).findOne({ where: { id: user.id }, select: { id: true, passwordHash: true } });
    if (!row || !(await verifyPassword(row.passwordHash, oldPassword))) {
      throw new DubanError('INVALID_PASSWORD', '原密码不正确');
    }
    if (oldPassword === newPassword) throw new DubanError('PASSWORD_UNCHANGED', '新密码不能与原密码相同');
    const passwordHash = await hashPassword(newPassword);
    const { ended, session } = await this.db.transaction(async (m) => {
      await m.update(User, { id: user.id }, { passwordHash, passwordChangedAt: this.clock.now(), mustChangePassword: false });
      const endedFamilies = await this.sessions.revokeAllOf(m, user.id);
      await this.audit.record(m, ctx, { action: 'auth.password_changed', objectType: 'user', objectId: user.id });
      return { ended: endedFamilies, session: await this.sessions.issue(m, ctx, user.id, undefined, userAgent) };
    });
    await this.endSessions([...ended, user.sessionId]);
    return this.pair(user.id, session.familyId, session.refreshToken);
  }

  async updateProfile(ctx: RequestContext, user: AuthUser, body: { displayName?: string; email?: string | null }): Promise<AuthUser> {
    await this.db.transaction(async (m) => {
      const before = await m.findOneOrFail(User, { where: { id: user.id }, select: { displayName: true, email: true } });
      const changes = { displayName: body.displayName ?? before.displayName, email: body.email === undefined ? before.email : body.email };
      await m.update(User, { id: user.id }, changes);
      await this.audit.record(m, ctx, {
        action: 'user.profile_updated',
        objectType: 'user',
        objectId: user.id,
        before: { ...before },
        after: changes,
      });
    });
    const loaded = await this.loader.load(user.id, user.sessionId);
    if (!loaded) throw unauthenticated('账号不存在或已停用', 'inactive');
    return loaded.user;
  }

  async endSessions(sessionIds: string[]): Promise<void> {
    await Promise.all(sessionIds.map((s) => this.tokens.endSession(s)));
  }

  private async pair(userId: string, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const loaded = await this.loader.load(userId, sessionId);
    if (!loaded) throw unauthenticated('账号不存在或已停用', 'inactive');
    const accessToken = await this.tokens.sign(userId, sessionId);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      mustChangePassword: loaded.mustChangePassword,
      user: loaded.user,
    };
  }
}
