import { Injectable } from '@nestjs/common';
import { AuditEvent } from '@duban/db';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from './request-context';

const AUDIT_CHUNK = 5000;

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
  async record(manager: EntityManager, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, ctx, [entry]);
  }

  /** Many events in few statements: a set-based change still leaves one row per object. */
  async recordMany(manager: EntityManager, ctx: RequestContext, entries: AuditEntry[]): Promise<void> {
    // chunks keep each statement under PostgreSQL's 65,535 bind parameters (8 per row)
    for (let i = 0; i < entries.length; i += AUDIT_CHUNK) {
      await manager.insert(
        AuditEvent,
        entries.slice(i, i + AUDIT_CHUNK).map((entry) => ({
          actor: ctx.actor,
          action: entry.action,
          objectType: entry.objectType,
          objectId: entry.objectId,
          before: entry.before ?? null,
          after: entry.after ?? null,
          requestId: ctx.requestId,
          ip: ctx.ip,
        })),
      );
    }
  }
}
