import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AppConfig } from '@duban/config';
import type Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { InjectRedis } from '../common/redis.provider';
import { unauthenticated } from './auth-errors';

export interface AccessClaims {
  sub: string;
  /** session = refresh-token family; logout and refresh reuse end every access token of it */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

const ISSUER = 'duban';
const AUDIENCE = 'duban-api';

/** Gives the config a random JWT secret when none is set (refused in production by loadConfig). */
export function ensureJwtSecret(config: AppConfig): string {
  if (!config.JWT_SECRET) {
    config.JWT_SECRET = randomBytes(32).toString('base64url');
    if (config.NODE_ENV !== 'test') {
      new Logger('Auth').warn(
        'JWT_SECRET 未设置：使用本进程的随机密钥，重启后所有登录失效 (set JWT_SECRET to keep sign-ins across restarts)',
      );
    }
  }
  return config.JWT_SECRET;
}

/** Short-lived HS256 access tokens, plus a Redis denylist of ended sessions until their tokens expire. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
    private readonly clock: Clock,
  ) {}

  // iat (and so exp) and the expiry check read the injected clock: jsonwebtoken takes both explicitly
  sign(userId: string, sessionId: string): Promise<string> {
    return this.jwt.signAsync({ sid: sessionId, iat: this.epochSeconds() }, { subject: userId, jwtid: randomUUID() });
  }

  /** Throws UNAUTHENTICATED for anything but a valid, unexpired token of a live session. */
  async verify(token: string): Promise<AccessClaims> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: this.epochSeconds(),
      });
    } catch (e) {
      if (e instanceof TokenExpiredError) throw unauthenticated('登录已过期，请重新登录', 'expired');
      throw unauthenticated('登录凭证无效，请重新登录', 'invalid');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw unauthenticated('登录凭证无效，请重新登录', 'invalid');
    if (await this.redis.exists(this.sessionKey(claims.sid))) throw unauthenticated('已退出登录，请重新登录', 'revoked');
    return claims;
  }

  /** Access tokens cannot be recalled, so an ended session is remembered until its last one expires. */
  async endSession(sessionId: string): Promise<void> {
    await this.redis.set(this.sessionKey(sessionId), '1', 'EX', this.config.ACCESS_TOKEN_TTL_SECONDS + 5);
  }

  private epochSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private sessionKey(sessionId: string): string {
    return `${this.config.QUEUE_PREFIX}:auth:ended-session:${sessionId}`;
  }
}

export const jwtOptionsFactory = (config: AppConfig) => ({
  secret: ensureJwtSecret(config),
  signOptions: { algorithm: 'HS256' as const, expiresIn: config.ACCESS_TOKEN_TTL_SECONDS, issuer: ISSUER, audience: AUDIENCE },
  verifyOptions: { algorithms: ['HS256' as const], issuer: ISSUER, audience: AUDIENCE },
});
