import { Injectable } from '@nestjs/common';
import { AuditService, type RequestContext } from '@duban/audit';
import { DubanError } from '@duban/errors';
import { DataSource } from 'typeorm';
import { OutboxService } from './outbox.service';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './scheduler/rules';
import { returnedRows } from './sql';
import type { Channel } from './types';

export interface PlanReminderSettings extends ReminderSettings {
  planId: string;
  planTitle: string;
  /** true while the plan has no row of its own (the defaults apply) */
  isDefault: boolean;
  version: number;
  updatedBy: string | null;
  updatedByName: string | null;
}

export interface CalendarOverrideView {
  date: string;
  kind: 'workday' | 'dayoff';
  reason: string;
  createdBy: string | null;
  createdByName: string | null;
}

export interface UnitWebhookView {
  id: string;
  unitId: string;
  unitName: string;
  kind: 'dingtalk' | 'wecom';
  /** the robot's address without its access token (which is as secret as the signing secret) */
  url: string;
  hasSecret: boolean;
  enabled: boolean;
}

export interface DeadDeliveryView {
  id: string;
  channel: Channel;
  target: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
  messageKey: string;
  kind: string;
  slot: string;
  subject: string;
  recipientUserId: string | null;
  recipientUserName: string | null;
  recipientUnitId: string | null;
  recipientUnitName: string | null;
}

/** Hides query strings (DingTalk/WeCom put the access token there) when a robot's URL is shown. */
export function maskRobotUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.search ? `${u.origin}${u.pathname}?…` : `${u.origin}${u.pathname}`;
  } catch {
    return '…';
  }
}

/**
 * What admins and heads change about reminders, each change audited in its transaction: a plan's
 * offsets, the bureau's calendar overrides, the units' chat robots (secrets never read back), a
 * user's preference, and the dead letters (listed with their reason, retried by hand).
 */
@Injectable()
export class ReminderAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async getSettings(planId: string): Promise<PlanReminderSettings> {
    const [row] = await this.db.query(
      `select p.id, p.title, s.before_days, s.escalate_after_days, s.digest_after_days, s.version, s.updated_by, u.display_name as updated_by_name
         from plans p left join reminder_settings s on s.plan_id = p.id left join users u on u.id = s.updated_by
        where p.id = $1`,
      [planId],
    );
    if (!row) throw DubanError.notFound('计划', 'PLAN_NOT_FOUND');
    const isDefault = row.before_days === null;
    return {
      planId: row.id,
      planTitle: row.title,
      beforeDays: isDefault ? DEFAULT_REMINDER_SETTINGS.beforeDays : row.before_days,
      escalateAfterDays: row.escalate_after_days ?? DEFAULT_REMINDER_SETTINGS.escalateAfterDays,
      digestAfterDays: row.digest_after_days ?? DEFAULT_REMINDER_SETTINGS.digestAfterDays,
      isDefault,
      version: row.version ?? 0,
      updatedBy: row.updated_by,
      updatedByName: row.updated_by_name,
    };
  }

  async putSettings(ctx: RequestContext, userId: string, planId: string, input: ReminderSettings): Promise<PlanReminderSettings> {
    const beforeDays = [...new Set(input.beforeDays)].sort((a, b) => b - a);
    if (input.digestAfterDays < input.escalateAfterDays) {
      throw new DubanError('VALIDATION_FAILED', '列入领导汇总的逾期天数不能少于上报科室负责人的天数');
    }
    const before = await this.getSettings(planId);
    await this.db.transaction(async (m) => {
      await m.query(
        `insert into reminder_settings (plan_id, before_days, escalate_after_days, digest_after_days, updated_by, updated_at)
         values ($1, $2, $3, $4, $5, now())
         on conflict (plan_id) do update set before_days = excluded.before_days, escalate_after_days = excluded.escalate_after_days,
           digest_after_days = excluded.digest_after_days, updated_by = excluded.updated_by, updated_at = now(),
           version = reminder_settings.version + 1`,
        [planId, beforeDays, input.escalateAfterDays, input.digestAfterDays, userId],
      );
      await this.audit.record(m, ctx, {
        action: 'reminder_settings.updated',
        objectType: 'plan',
        objectId: planId,
        before: { beforeDays: before.beforeDays, escalateAfterDays: before.escalateAfterDays, digestAfterDays: before.digestAfterDays },
        after: { beforeDays, escalateAfterDays: input.escalateAfterDays, digestAfterDays: input.digestAfterDays },
      });
    });
    return this.getSettings(planId);
  }

  async listOverrides(from?: string, to?: string): Promise<CalendarOverrideView[]> {
    const rows = await this.db.query(
      `select to_char(c.date, 'YYYY-MM-DD') as date, c.kind, c.reason, c.created_by, u.display_name as created_by_name
         from calendar_overrides c left join users u on u.id = c.created_by
        where ($1::date is null or c.date >= $1) and ($2::date is null or c.date <= $2) order by c.date`,
      [from ?? null, to ?? null],
    );
    return rows.map((r: Record<string, string | null>) => ({
      date: r.date,
      kind: r.kind,
      reason: r.reason,
      createdBy: r.created_by,
      createdByName: r.created_by_name,
    })) as CalendarOverrideView[];
  }

  async putOverride(
    ctx: RequestContext,
    userId: string,
    input: { date: string; kind: 'workday' | 'dayoff'; reason: string },
  ): Promise<CalendarOverrideView> {
    await this.db.transaction(async (m) => {
      const [before] = await m.query(`select kind, reason from calendar_overrides where date = $1 for update`, [input.date]);
      await m.query(
        `insert into calendar_overrides (date, kind, reason, created_by) values ($1, $2, $3, $4)
         on conflict (date) do update set kind = excluded.kind, reason = excluded.reason, created_by = excluded.created_by`,
        [input.date, input.kind, input.reason, userId],
      );
      await this.audit.record(m, ctx, {
        action: 'calendar_override.set',
        objectType: 'calendar_override',
        objectId: input.date,
        before: before ?? undefined,
        after: { kind: input.kind, reason: input.reason },
      });
    });
    return (await this.listOverrides(input.date, input.date))[0];
  }

  async deleteOverride(ctx: RequestContext, date: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const rows = returnedRows<{ kind: string; reason: string }>(
        await m.query(`delete from calendar_overrides where date = $1 returning kind, reason`, [date]),
      );
      if (rows.length === 0) throw DubanError.notFound('日历调整');
      await this.audit.record(m, ctx, {
        action: 'calendar_override.removed',
        objectType: 'calendar_override',
        objectId: date,
        before: rows[0],
      });
    });
  }

  async listWebhooks(unitId?: string): Promise<UnitWebhookView[]> {
    const rows = await this.db.query(
      `select w.id, w.unit_id, u.name as unit_name, w.kind, w.url, w.secret is not null as has_secret, w.enabled
         from unit_webhooks w join org_units u on u.id = w.unit_id where ($1::uuid is null or w.unit_id = $1) order by u.name, w.created_at`,
      [unitId ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      kind: r.kind,
      url: maskRobotUrl(r.url as string),
      hasSecret: r.has_secret,
      enabled: r.enabled,
    })) as UnitWebhookView[];
  }

  async createWebhook(
    ctx: RequestContext,
    userId: string,
    input: { unitId: string; kind: 'dingtalk' | 'wecom'; url: string; secret?: string | null },
  ): Promise<UnitWebhookView> {
    const id = await this.db.transaction(async (m) => {
      const [unit] = await m.query(`select id from org_units where id = $1 and archived_at is null`, [input.unitId]);
      if (!unit) throw DubanError.notFound('单位');
      const [row] = await m.query(
        `insert into unit_webhooks (unit_id, kind, url, secret, created_by) values ($1, $2, $3, $4, $5) returning id`,
        [input.unitId, input.kind, input.url, input.secret ?? null, userId],
      );
      await this.audit.record(m, ctx, {
        action: 'unit_webhook.created',
        objectType: 'unit_webhook',
        objectId: row.id,
        after: { unitId: input.unitId, kind: input.kind, url: maskRobotUrl(input.url), hasSecret: !!input.secret },
      });
      return row.id as string;
    });
    return this.webhook(id);
  }

  async updateWebhook(
    ctx: RequestContext,
    id: string,
    input: { url?: string; secret?: string | null; enabled?: boolean },
  ): Promise<UnitWebhookView> {
    await this.db.transaction(async (m) => {
      const [before] = await m.query(`select url, secret is not null as has_secret, enabled from unit_webhooks where id = $1 for update`, [
        id,
      ]);
      if (!before) throw DubanError.notFound('机器人');
      await m.query(
        `update unit_webhooks set url = coalesce($2, url), secret = case when $3::boolean then $4 else secret end,
                enabled = coalesce($5, enabled), updated_at = now() where id = $1`,
        [id, input.url ?? null, input.secret !== undefined, input.secret ?? null, input.enabled ?? null],
      );
      await this.audit.record(m, ctx, {
        action: 'unit_webhook.updated',
        objectType: 'unit_webhook',
        objectId: id,
        before: { url: maskRobotUrl(before.url), hasSecret: before.has_secret, enabled: before.enabled },
        after: {
          url: maskRobotUrl(input.url ?? before.url),
          hasSecret: input.secret !== undefined ? !!input.secret : before.has_secret,
          enabled: input.enabled ?? before.enabled,
        },
      });
    });
    return this.webhook(id);
  }

  async deleteWebhook(ctx: RequestContext, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      // deliveries keep their target id; a removed robot's pending ones go dead with "机器人已删除"
      const rows = returnedRows<{ unit_id: string; kind: string; url: string }>(
        await m.query(`delete from unit_webhooks where id = $1 returning unit_id, kind, url`, [id]),
      );
      if (rows.length === 0) throw DubanError.notFound('机器人');
      await this.audit.record(m, ctx, {
        action: 'unit_webhook.removed',
        objectType: 'unit_webhook',
        objectId: id,
        before: { unitId: rows[0].unit_id, kind: rows[0].kind, url: maskRobotUrl(rows[0].url) },
      });
    });
  }

  private async webhook(id: string): Promise<UnitWebhookView> {
    const [row] = (await this.listWebhooks()).filter((w) => w.id === id);
    if (!row) throw DubanError.notFound('机器人');
    return row;
  }

  async setPreference(ctx: RequestContext, userId: string, mode: 'immediate' | 'daily_digest'): Promise<{ reminderMode: string }> {
    await this.db.transaction(async (m) => {
      const [before] = await m.query(`select reminder_mode from users where id = $1 for update`, [userId]);
      if (!before) throw DubanError.notFound('用户');
      await m.query(`update users set reminder_mode = $2, updated_at = now() where id = $1`, [userId, mode]);
      await this.audit.record(m, ctx, {
        action: 'user.reminder_mode',
        objectType: 'user',
        objectId: userId,
        before: { reminderMode: before.reminder_mode },
        after: { reminderMode: mode },
      });
    });
    return { reminderMode: mode };
  }

  async getPreference(userId: string): Promise<{ reminderMode: string }> {
    const [row] = await this.db.query(`select reminder_mode from users where id = $1`, [userId]);
    if (!row) throw DubanError.notFound('用户');
    return { reminderMode: row.reminder_mode };
  }

  /** Dead letters, newest first, with their reason and whom they were for. */
  async listDead(page: number, pageSize: number): Promise<{ items: DeadDeliveryView[]; total: number; page: number; pageSize: number }> {
    const [{ total }] = await this.db.query(`select count(*)::int as total from outbox_deliveries where state = 'dead'`);
    const rows = await this.db.query(
      `select d.id, d.channel, d.target, d.attempts, d.last_error, d.updated_at, m.key, m.kind, to_char(m.slot, 'YYYY-MM-DD') as slot, m.subject,
              m.recipient_user_id, u.display_name as user_name, m.recipient_unit_id, o.name as unit_name
         from outbox_deliveries d join outbox_messages m on m.id = d.message_id
         left join users u on u.id = m.recipient_user_id left join org_units o on o.id = m.recipient_unit_id
        where d.state = 'dead' order by d.updated_at desc, d.id limit $1 offset $2`,
      [pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      channel: r.channel,
      // a robot's id, not its URL; an e-mail address stays (admins fix it)
      target: r.target,
      attempts: r.attempts,
      lastError: r.last_error,
      updatedAt: r.updated_at,
      messageKey: r.key,
      kind: r.kind,
      slot: r.slot,
      subject: r.subject,
      recipientUserId: r.recipient_user_id,
      recipientUserName: r.user_name,
      recipientUnitId: r.recipient_unit_id,
      recipientUnitName: r.unit_name,
    })) as DeadDeliveryView[];
    return { items, total, page, pageSize };
  }

  /** Puts a dead delivery back to pending (attempts from zero) and queues it after commit. */
  async retryDead(ctx: RequestContext, id: string): Promise<{ id: string; state: string }> {
    await this.db.transaction(async (m) => {
      const rows = returnedRows<{ message_id: string; channel: Channel; last_error: string | null }>(
        await m.query(
          `update outbox_deliveries d set state = 'pending', attempts = 0, claimed_by = null, claimed_at = null, updated_at = now()
            where d.id = $1 and d.state = 'dead' returning d.message_id, d.channel, (select last_error from outbox_deliveries where id = $1) as last_error`,
          [id],
        ),
      );
      if (rows.length === 0) throw DubanError.notFound('失败投递');
      await this.audit.record(m, ctx, {
        action: 'delivery.retried',
        objectType: 'outbox_delivery',
        objectId: id,
        before: { state: 'dead', lastError: rows[0].last_error },
        after: { state: 'pending' },
      });
    });
    const [row] = await this.db.query(
      `select m.key, m.id as message_id, d.channel from outbox_deliveries d join outbox_messages m on m.id = d.message_id where d.id = $1`,
      [id],
    );
    // the old failed job holds the key as its id: remove it so the job can be added again
    await this.outbox.requeue({ channel: row.channel, key: row.key, messageId: row.message_id });
    return { id, state: 'pending' };
  }
}
