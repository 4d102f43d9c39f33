import type { AuthUser } from '@duban/access';
import type { GlobalRole, UnitRole } from '@duban/db';
import { InboxService } from '@duban/work';
import type { DemoContext, DemoStep } from '../context';

/** People shown in the table: one of each kind of seeded user. */
export const SHOWN = [
  'admin',
  'bgs.member',
  'jjk.head',
  'jjk.member',
  'dyk.head',
  'awk.member',
  'jsfz.member',
  's001.member',
  's149.member',
];

export interface InboxRow {
  username: string;
  displayName: string;
  unit: string;
  leader: boolean;
  actions: number;
  reviews: number;
  overdue: number;
  total: number;
}

/** Every active user's 待我处理 counts, read in-process with the inbox's own rules (no sign-in per user). */
export async function inboxOfEveryone(ctx: Pick<DemoContext, 'app' | 'db'>): Promise<InboxRow[]> {
  const inbox = ctx.app.get(InboxService, { strict: false });
  const users: { id: string; username: string; display_name: string; global_roles: GlobalRole[]; unit: string | null }[] =
    await ctx.db.query(
      `SELECT u.id, u.username, u.display_name, u.global_roles,
            (SELECT string_agg(o.name, '、' ORDER BY o.code) FROM user_units uu JOIN org_units o ON o.id = uu.unit_id WHERE uu.user_id = u.id) AS unit
       FROM users u WHERE u.is_active ORDER BY u.username`,
    );
  const memberships: { user_id: string; unit_id: string; role: UnitRole }[] = await ctx.db.query(
    `SELECT user_id, unit_id, role FROM user_units`,
  );
  const rows: InboxRow[] = [];
  for (const u of users) {
    const user: AuthUser = {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      globalRoles: u.global_roles,
      units: memberships.filter((m) => m.user_id === u.id).map((m) => ({ unitId: m.unit_id, role: m.role })),
      permissions: [],
      sessionId: 'demo',
    };
    const s = await inbox.summary(user, {});
    rows.push({
      username: u.username,
      displayName: u.display_name,
      unit: u.unit ?? (u.global_roles.length > 0 ? '（全局）' : ''),
      leader: u.global_roles.includes('leader') && !u.global_roles.includes('admin'),
      actions: s.actions.total,
      reviews: s.reviews.total,
      overdue: s.actions.overdue + s.reviews.overdue,
      total: s.total,
    });
  }
  return rows;
}

/** A table of a few people's inboxes, and a check that everyone who works has something waiting. */
export const inboxCheck: DemoStep = {
  title: '待我处理（每位用户的待办）',
  async run(ctx) {
    const rows = await inboxOfEveryone(ctx);
    ctx.report.table(
      ['账号', '姓名', '单位', '待办理', '待审核', '逾期', '合计'],
      SHOWN.map((name) => rows.find((r) => r.username === name))
        .filter((r): r is InboxRow => !!r)
        .map((r) => [r.username, r.displayName, r.unit.slice(0, 14), r.actions, r.reviews, r.overdue, r.total]),
    );
    const workers = rows.filter((r) => !r.leader);
    const empty = workers.filter((r) => r.total === 0);
    const leaders = rows.length - workers.length;
    if (empty.length === 0) {
      ctx.report.line(`检查：${workers.length} 位用户每人都有待办（${leaders} 位局领导只读，不计）`);
    } else {
      ctx.report.warn(
        `检查未通过：${empty.length} 位用户没有待办：${empty
          .slice(0, 10)
          .map((r) => `${r.username}（${r.unit}）`)
          .join('、')}${empty.length > 10 ? ' 等' : ''}`,
      );
    }
  },
};
