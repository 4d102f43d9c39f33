import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock, SystemClock } from '@duban/clock';
import { AuditEvent, insertChunked } from '@duban/db';
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
    await this.recordMany(manager, ctx, [entry]);
  }

  /** Many events in few statements: a set-based change still leaves one row per object. */
  async recordMany(manager: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    const at = this.clock.now();
    const rows = entries.map((entry) =>
      manager.create(AuditEvent, {
        actor: ctx.actor,
        action: entry.action,
        objectType: entry.objectType,
        objectId: entry.objectId,
        before: entry.before ?? null,
        after: entry.after ?? null,
        requestId: ctx.requestId,
        ip: ctx.ip,
        at,
      }),
    );
    await insertChunked(manager, AuditEvent, rows);
  }
}
