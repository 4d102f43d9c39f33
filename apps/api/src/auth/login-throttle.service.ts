import { Injectable } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { DubanError } from '@duban/errors';
import { InjectRedis } from '../common/redis.provider';

/**
 * Failed sign-ins counted in Redis per account and per client IP, each in a fixed window that
 * starts at the first failure. At the limit the account (423) or IP (429) is refused until the
 * window ends. Redis may be flushed: that only forgets counters, never a password.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  /** Throws before any password is checked when the account or IP is locked. */
  async assertAllowed(username: string, ip: string | null): Promise<void> {
    const [account, address] = await Promise.all([this.state(this.accountKey(username)), this.state(this.ipKey(ip))]);
    if (account.count >= this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
      throw new DubanError(
        'ACCOUNT_LOCKED',
        `密码错误次数过多，账号已锁定，请 ${minutes(account.ttlMs)} 分钟后再试，或联系管理员重置密码`,
        { retryAfterSeconds: Math.ceil(account.ttlMs / 1000) },
      );
    }
    if (address.count >= this.config.LOGIN_MAX_FAILURES_PER_IP) {
      throw new DubanError('LOGIN_THROTTLED', `登录失败次数过多，请 ${minutes(address.ttlMs)} 分钟后再试`, {
        retryAfterSeconds: Math.ceil(address.ttlMs / 1000),
      });
    }
  }

  /** Counts a failure; true when it is the one that locks the account. */
  async recordFailure(username: string, ip: string | null): Promise<{ locked: boolean; remaining: number }> {
    const [accountCount] = await Promise.all([this.bump(this.accountKey(username)), this.bump(this.ipKey(ip))]);
    const max = this.config.LOGIN_MAX_FAILURES_PER_ACCOUNT;
    return { locked: accountCount === max, remaining: Math.max(0, max - accountCount) };
  }

  /** A success clears the account's count (not the IP's: one good password must not reset a spray). */
  async recordSuccess(username: string): Promise<void> {
    await this.redis.del(this.accountKey(username));
  }

  private async bump(key: string): Promise<number> {
    // NX: the window starts at the first failure and is not extended by later ones
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, this.config.LOGIN_LOCK_SECONDS, 'NX').exec()) as [[null, number]];
    return count;
  }

  private async state(key: string): Promise<{ count: number; ttlMs: number }> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(key).pttl(key).exec()) as [[null, string | null], [null, number]];
    return { count: Number(count ?? 0), ttlMs: Math.max(ttl, 0) };
  }

  // usernames are hashed so Redis never lists who was attacked; lower-cased as the unique index is
  private accountKey(username: string): string {
    const digest = createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32);
    return `${this.config.QUEUE_PREFIX}:auth:fail:user:${digest}`;
  }

  private ipKey(ip: string | null): string {
    return `${this.config.QUEUE_PREFIX}:auth:fail:ip:${ip ?? 'unknown'}`;
  }
}

const minutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60000));
