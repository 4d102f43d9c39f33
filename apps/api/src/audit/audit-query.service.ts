import { Injectable } from '@nestjs/common';
import { AuditEvent } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { withNames } from '@duban/work';
import type { DataSource } from 'typeorm';
import type { Page } from '../common/pagination.dto';
import type { AuditQuery } from './audit.dto';

/** Reads the append-only audit trail, newest first, with exact filters only (indexed). */
@Injectable()
export class AuditQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: AuditQuery): Promise<Page<AuditEvent & { actorName: string | null }>> {
    const qb = this.db.getRepository(AuditEvent).createQueryBuilder('e');
    if (query.actor) qb.andWhere('e.actor = :actor', { actor: query.actor });
    // the action pattern is validated to [a-z_.], so it carries no LIKE metacharacters but `_`
    if (query.action) qb.andWhere(`e.action LIKE :action ESCAPE '\\'`, { action: `${query.action.replace(/_/g, '\\_')}%` });
    if (query.objectType) qb.andWhere('e.object_type = :objectType', { objectType: query.objectType });
    if (query.objectId) qb.andWhere('e.object_id = :objectId', { objectId: query.objectId });
    if (query.from) qb.andWhere('e.at >= :from', { from: query.from });
    if (query.to) qb.andWhere('e.at < :to', { to: query.to });
    qb.orderBy('e.at', query.sort === 'at' ? 'ASC' : 'DESC').addOrderBy('e.id', query.sort === 'at' ? 'ASC' : 'DESC');
    const [items, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    // actor is a user id (or `system`): its name beside it
    const named = await withNames(this.db.manager, items, { users: ['actor'] });
    return { items: named, total, page: query.page, pageSize: query.pageSize };
  }
}
