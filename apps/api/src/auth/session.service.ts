import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { RefreshToken } from '@duban/db';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import type { RequestContext } from '@duban/audit';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export type RotateOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Sign-in sessions as refresh-token families. A refresh token is 256 random bits, stored only as
 * its sha256; each use marks it used and issues the next one of the family. Presenting a used or
 * revoked token means a copy exists somewhere: the whole family is revoked.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Starts a family (no familyId) or continues one; returns the raw token, shown to the client once. */
  async issue(manager: EntityManager, ctx: RequestContext, userId: string, familyId: string = randomUUID(), userAgent?: string) {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(RefreshToken, {
      userId,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { refreshToken, familyId };
  }

  /** Must run in a transaction: the row lock makes two concurrent uses of one token a detected reuse. */
  async rotate(manager: EntityManager, ctx: RequestContext, presented: string, userAgent?: string): Promise<RotateOutcome> {
    const row = await manager.findOne(RefreshToken, { where: { tokenHash: sha256(presented) }, lock: { mode: 'pessimistic_write' } });
    if (!row) return { kind: 'invalid' };
    if (row.usedAt || row.revokedAt) {
      await this.revokeFamily(manager, row.familyId);
      return { kind: 'reused', userId: row.userId, familyId: row.familyId };
    }
    if (row.expiresAt.getTime() <= this.clock.now().getTime()) return { kind: 'invalid' };
    await manager.update(RefreshToken, { id: row.id }, { usedAt: this.clock.now() });
    const next = await this.issue(manager, ctx, row.userId, row.familyId, userAgent);
    return { kind: 'rotated', userId: row.userId, familyId: row.familyId, refreshToken: next.refreshToken };
  }

  async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
  }

  /** Every live family of a user (password change or reset, deactivation); returns their ids. */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<string[]> {
    const result = await manager
      .createQueryBuilder()
      .update(RefreshToken)
      .set({ revokedAt: this.clock.now() })
      .where('user_id = :userId and revoked_at is null', { userId })
      .returning('family_id')
      .execute();
    return [...new Set((result.raw as { family_id: string }[]).map((r) => r.family_id))];
  }
}
