import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@duban/config';
import { User } from '@duban/db';
import type { DataSource } from 'typeorm';
import { verifyPassword } from '@duban/access';

export class DemoPasswordInProductionError extends Error {}

/** Production must not start while any active account still opens with the documented demo password. */
export async function assertNoDemoPasswords(db: DataSource, config: AppConfig): Promise<void> {
  if (config.NODE_ENV !== 'production') return;
  const users = await db.getRepository(User).find({ where: { isActive: true }, select: { username: true, passwordHash: true } });
  const offenders: string[] = [];
  // argon2 runs on libuv's thread pool: a few at a time keeps start-up short without starving it
  for (let i = 0; i < users.length; i += 8) {
    const batch = users.slice(i, i + 8);
    const hits = await Promise.all(batch.map((u) => verifyPassword(u.passwordHash, config.AUTH_DEMO_PASSWORD)));
    batch.forEach((u, j) => hits[j] && offenders.push(u.username));
  }
  if (offenders.length > 0) {
    throw new DemoPasswordInProductionError(
      `生产模式下 ${offenders.length} 个账号仍使用演示密码（${offenders.slice(0, 5).join(', ')}${offenders.length > 5 ? ' …' : ''}），` +
        `拒绝启动：请修改这些账号的密码或停用它们 (refusing to start: demo password in production)`,
    );
  }
}

@Injectable()
export class DemoPasswordCheck implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return assertNoDemoPasswords(this.db, this.config);
  }
}
