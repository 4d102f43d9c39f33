import { Injectable } from '@nestjs/common';
import { Plan } from '@duban/db';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '@duban/access';
import { DubanError } from '@duban/errors';

/**
 * Who may change a plan (edit or confirm its draft, import a revision): an admin, the person who
 * imported it, or a head of a department that person heads. Every head may read every plan.
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
}
