import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { User } from '@duban/db';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';
import type { Page } from '../common/pagination.dto';
import { escapeLike, userScope, type UserScope } from './user-scope';
import type { ListUsersQuery, UserView } from './users.dto';

/** Reads users within the caller's scope; anyone outside it does not exist for the caller (404). */
@Injectable()
export class UsersQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(auth: AuthUser, query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.scoped(this.db.manager, userScope(auth));
    if (query.unitId)
      qb.andWhere('exists (select 1 from user_units f where f.user_id = u.id and f.unit_id = :unitId)', { unitId: query.unitId });
    if (query.role === 'admin' || query.role === 'leader') qb.andWhere(':role = any(u.global_roles)', { role: query.role });
    else if (query.role) qb.andWhere('exists (select 1 from user_units r where r.user_id = u.id and r.role = :role)', { role: query.role });
    if (query.q) {
      qb.andWhere(`(u.username ilike :q escape '\\' or u.display_name ilike :q escape '\\')`, { q: `%${escapeLike(query.q)}%` });
    }
    if (query.isActive !== undefined) qb.andWhere('u.is_active = :active', { active: query.isActive });
    const [rows, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: await this.views(this.db.manager, rows), total, page: query.page, pageSize: query.pageSize };
  }

  async get(auth: AuthUser, id: string): Promise<UserView> {
    return this.getVisible(this.db.manager, userScope(auth), id);
  }

  /** One user within a scope, or 404: the same answer for "absent" and "not yours". */
  async getVisible(manager: EntityManager, scope: UserScope, id: string): Promise<UserView> {
    const row = await this.scoped(manager, scope).andWhere('u.id = :id', { id }).getOne();
    if (!row) throw DubanError.notFound('用户', 'USER_NOT_FOUND');
    return (await this.views(manager, [row]))[0];
  }

  private scoped(manager: EntityManager, scope: UserScope): SelectQueryBuilder<User> {
    const qb = manager.getRepository(User).createQueryBuilder('u').where('true');
    if (scope.kind === 'units') {
      qb.andWhere(
        '(u.id = :selfId or exists (select 1 from user_units s where s.user_id = u.id and s.unit_id = any(cast(:unitIds as uuid[]))))',
        { selfId: scope.selfId, unitIds: scope.unitIds },
      );
    }
    return qb;
  }

  async views(manager: EntityManager, rows: User[]): Promise<UserView[]> {
    if (rows.length === 0) return [];
    const memberships: { user_id: string; unit_id: string; code: string; name: string; role: UserView['units'][number]['role'] }[] =
      await manager.query(
        `select m.user_id, m.unit_id, o.code, o.name, m.role from user_units m join org_units o on o.id = m.unit_id
         where m.user_id = any($1::uuid[]) order by o.code, m.role`,
        [rows.map((r) => r.id)],
      );
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      email: r.email,
      globalRoles: r.globalRoles,
      units: memberships
        .filter((m) => m.user_id === r.id)
        .map((m) => ({ unitId: m.unit_id, unitCode: m.code, unitName: m.name, role: m.role })),
      isActive: r.isActive,
      mustChangePassword: r.mustChangePassword,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
}
