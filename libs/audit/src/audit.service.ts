import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, SystemClock } from '@duban/clock';
import { AuditEvent } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from './request-context';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  before?: object;
  after?: object;
}

/** Writes audit events inside the caller's transaction, so a change and its record commit together. */
@Injectable()
export class AuditService {
  // optional so scripts and benchmarks that build the service by hand get the wall clock
  constructor(@Optional() @Inject(Clock) private readonly clock: Clock = new SystemClock()) {}

  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await manager.insert(AuditEvent, {
      actor: ctx.actor,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      before: entry.before ?? null,
      after: entry.after ?? null,
      requestId: ctx.requestId,
      ip: ctx.ip,
      at: this.clock.now(),
    });
  }
}
