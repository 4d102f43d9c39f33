import { Injectable } from '@nestjs/common';
import { Plan } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { DubanError } from '@duban/errors';
import type { Page } from '../common/pagination.dto';
import type { ListPlansQuery } from './plans.dto';
import { readPlanTree } from './plan-tree.reader';

@Injectable()
export class PlanQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: ListPlansQuery): Promise<Page<Plan>> {
    const qb = this.db.getRepository(Plan).createQueryBuilder('p').where('p.archived_at IS NULL');
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    // a year's plans: the plans of that year and the 规划 whose period covers it
    if (query.year) qb.andWhere('(p.year = :year OR :year BETWEEN p.period_from AND p.period_to)', { year: query.year });
    if (query.q) qb.andWhere(`p.title ILIKE :q ESCAPE '\\'`, { q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const desc = query.sort.startsWith('-');
    const column = { createdAt: 'p.created_at', year: 'p.year', title: 'p.title' }[query.sort.replace(/^-/, '')] ?? 'p.created_at';
    qb.orderBy(column, desc ? 'DESC' : 'ASC', 'NULLS LAST').addOrderBy('p.id', 'ASC');
    const [items, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(planId: string) {
    const plan = await this.db.getRepository(Plan).findOneBy({ id: planId, archivedAt: IsNull() });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    const tree = await readPlanTree(this.db.manager, planId);
    return { ...plan, sections: tree.sections, indicators: tree.indicators, pointCount: tree.points.length };
  }
}
