import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@duban/access';
import { Clock } from '@duban/clock';
import { DubanError } from '@duban/errors';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface NotificationListQuery {
  /** only unread ones */
  unread?: boolean;
  page: number;
  pageSize: number;
}

interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  assignment_id: string | null;
  notice_id: string | null;
  read_at: Date | null;
  created_at: Date;
}

/**
 * The signed-in user's in-app notifications (the `notifications` rows the reminders' in-app
 * channel writes): newest first, read and unread. Nobody sees or marks anyone else's.
 */
@Injectable()
export class NotificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: NotificationListQuery) {
    const filter = query.unread ? 'AND read_at IS NULL' : '';
    const [rows, [count], unread] = await Promise.all([
      this.db.query<NotificationRow[]>(
        `SELECT id, kind, title, body, link, assignment_id, notice_id, read_at, created_at FROM notifications
          WHERE user_id = $1 ${filter} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [user.id, query.pageSize, (query.page - 1) * query.pageSize],
      ),
      this.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 ${filter}`, [user.id]),
      this.unreadCount(user),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        assignmentId: r.assignment_id,
        noticeId: r.notice_id,
        read: r.read_at !== null,
        readAt: r.read_at,
        createdAt: r.created_at,
      })),
      total: count.n,
      unread,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async unreadCount(user: AuthUser): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
      [user.id],
    );
    return row.n;
  }

  /** Marks one of the user's notifications read (again is harmless: the first read time stays). */
  async markRead(user: AuthUser, id: string) {
    // UPDATE … RETURNING answers [rows, affected count] through TypeORM's PostgreSQL driver
    const [updated] = await this.db.query<[{ id: string; read_at: Date }[], number]>(
      `UPDATE notifications SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id, read_at`,
      [id, user.id, this.clock.now()],
    );
    if (updated.length === 0) throw DubanError.notFound('通知', 'NOTIFICATION_NOT_FOUND');
    return { id, read: true, readAt: updated[0].read_at, unread: await this.unreadCount(user) };
  }

  /** Marks all of the user's unread notifications read. */
  async markAllRead(user: AuthUser) {
    const [, marked] = (await this.db.query(`UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`, [
      user.id,
      this.clock.now(),
    ])) as [unknown, number];
    return { marked, unread: 0 };
  }
}
