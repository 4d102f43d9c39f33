import { Injectable } from '@nestjs/common';
import { Plan } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DubanError } from '@duban/errors';
import { headUnitIds, isAdmin, isLeader, scopeAssignments } from './assignment-access';
import type { AuthUser } from './auth-user';

/**
 * Who may change a plan (edit or confirm its draft, import a revision): an admin, the person who
 * imported it, or a head of a department that person heads. Every head may read every plan.
 * A plan's work (its 任务分解表) is seen by those who may change it, by admins and leaders, and by
 * anyone whose department owns one of its tasks or whose unit works on one; others get 404.
 */
@Injectable()
export class PlanAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async assertCanChange(user: AuthUser, planId: string): Promise<void> {
    const plan = await this.db.getRepository(Plan).findOne({ where: { id: planId }, select: { id: true, createdBy: true } });
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    if (user.globalRoles.includes('admin') || plan.createdBy === null || plan.createdBy === user.id) return;
    const myDepartments = user.units.filter((u) => u.role === 'department_head').map((u) => u.unitId);
    const [shared] = await this.db.query(
      `SELECT 1 FROM user_units WHERE user_id::text = $1 AND role = 'department_head' AND unit_id = ANY($2::uuid[]) LIMIT 1`,
      [plan.createdBy, myDepartments],
    );
    if (!shared) throw new DubanError('PLAN_NOT_YOURS', '只有导入该计划的科室可以修改或确认它');
  }

  async assertCanSeeWork(user: AuthUser, planId: string): Promise<void> {
    if (isAdmin(user) || isLeader(user)) return;
    if (await this.canChange(user, planId)) return;
    const qb = this.db
      .createQueryBuilder()
      .select('1')
      .from('assignments', 'a')
      .innerJoin('tasks', 't', 't.id = a.task_id')
      .where('t.plan_id = :planId', { planId })
      .andWhere(`a.state <> 'cancelled'`);
    scopeAssignments(qb, user);
    const heads = headUnitIds(user);
    const owned: unknown[] = heads.length
      ? await this.db.query(`SELECT 1 FROM tasks WHERE plan_id = $1 AND owner_unit_id = ANY($2::uuid[]) LIMIT 1`, [planId, heads])
      : [];
    if (owned.length > 0 || (await qb.limit(1).getRawOne()) !== undefined) return;
    throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
  }

  /**
   * The year-end summary is the plan's department's and the leaders' document: admins and leaders
   * read every plan's, a head only that of a plan the department imported (may change) or owns
   * tasks of. Units working on the plan see their own work, not the bureau's summary: 404.
   */
  async assertCanReadSummary(user: AuthUser, planId: string): Promise<void> {
    const [plan] = (await this.db.query(`SELECT created_by AS "createdBy" FROM plans WHERE id = $1`, [planId])) as {
      createdBy: string | null;
    }[];
    if (!plan) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    if (isAdmin(user) || isLeader(user)) return;
    // an importer-less plan (seeded) may be changed by any head, but belongs to no department: task owners only
    if (plan.createdBy !== null && (await this.canChange(user, planId))) return;
    const heads = headUnitIds(user);
    const owned: unknown[] = heads.length
      ? await this.db.query(`SELECT 1 FROM tasks WHERE plan_id = $1 AND owner_unit_id = ANY($2::uuid[]) LIMIT 1`, [planId, heads])
      : [];
    if (owned.length > 0) return;
    throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
  }

  private async canChange(user: AuthUser, planId: string): Promise<boolean> {
    try {
      await this.assertCanChange(user, planId);
      return true;
    } catch (e) {
      if (e instanceof DubanError && e.code === 'PLAN_NOT_YOURS') return false;
      throw e;
    }
  }
}
