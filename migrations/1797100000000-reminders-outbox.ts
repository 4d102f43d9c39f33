import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders: PostgreSQL is the source of truth for every message that must go out (the outbox),
 * with one delivery row per channel and target; Redis/BullMQ only carries the work and may be
 * flushed at any time (the reconciler rebuilds the jobs from the pending rows). Also the in-app
 * notifications, the per-plan reminder offsets, the bureau's calendar overrides, the units' chat
 * robots and each user's preference (immediate or daily digest).
 */
export class RemindersOutbox1797100000000 implements MigrationInterface {
  name = 'RemindersOutbox1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_messages (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- idempotency key from (recipient, assignment or notice, kind, slot): writing twice is harmless
        key                text NOT NULL UNIQUE CHECK (key ~ '^[A-Za-z0-9_.=-]{1,200}$'),
        recipient_user_id  uuid REFERENCES users(id) ON DELETE CASCADE,
        recipient_unit_id  uuid REFERENCES org_units(id),
        assignment_id      uuid REFERENCES assignments(id),
        -- a 督办单 (notices table arrives with the notice work; no FK so either can land first)
        notice_id          uuid,
        plan_id            uuid REFERENCES plans(id),
        kind               text NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue', 'escalation', 'report_request', 'urge', 'notice', 'digest')),
        -- the working day it belongs to (China date)
        slot               date NOT NULL,
        subject            text NOT NULL,
        body               text NOT NULL,
        link               text,
        -- not sent before this instant (quiet hours defer to the next working morning)
        not_before         timestamptz NOT NULL,
        cancelled_at       timestamptz,
        cancel_reason      text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CHECK (recipient_user_id IS NOT NULL OR recipient_unit_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX outbox_messages_assignment_idx ON outbox_messages (assignment_id, slot) WHERE assignment_id IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_messages_notice_idx ON outbox_messages (notice_id) WHERE notice_id IS NOT NULL`);
    await q.query(`CREATE INDEX outbox_messages_slot_idx ON outbox_messages (slot, kind)`);

    await q.query(`
      CREATE TABLE outbox_deliveries (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id      uuid NOT NULL REFERENCES outbox_messages(id) ON DELETE CASCADE,
        channel         text NOT NULL CHECK (channel IN ('email', 'webhook', 'inapp')),
        -- the address: an e-mail address, a unit_webhooks id, or the user id for in-app
        target          text NOT NULL,
        -- pending → sending (claimed by one worker) → sent; failed = will retry; dead = gave up (reason in last_error)
        state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'cancelled')),
        attempts        int NOT NULL DEFAULT 0,
        last_error      text,
        claimed_by      text,
        claimed_at      timestamptz,
        sent_at         timestamptz,
        -- when the row was written and when it changed (wall clock: delivery machinery, not decisions)
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (message_id, channel, target)
      )`);
    // the reconciler's scan: what still has to go out
    await q.query(
      `CREATE INDEX outbox_deliveries_open_idx ON outbox_deliveries (channel, state) WHERE state IN ('pending', 'sending', 'failed')`,
    );
    await q.query(`CREATE INDEX outbox_deliveries_dead_idx ON outbox_deliveries (updated_at) WHERE state = 'dead'`);

    await q.query(`
      CREATE TABLE notifications (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id        uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- the outbox message it came from: one notification per message, however often delivered
        message_id     uuid UNIQUE REFERENCES outbox_messages(id) ON DELETE SET NULL,
        kind           text NOT NULL,
        title          text NOT NULL,
        body           text NOT NULL,
        link           text,
        assignment_id  uuid REFERENCES assignments(id),
        notice_id      uuid,
        read_at        timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`);

    // reminder offsets per plan (absent: the defaults 7/3/1 before, escalate after 3, digest after 10)
    await q.query(`
      CREATE TABLE reminder_settings (
        plan_id              uuid PRIMARY KEY REFERENCES plans(id),
        before_days          int[] NOT NULL DEFAULT '{7,3,1}' CHECK (array_length(before_days, 1) IS NULL OR 0 < ALL (before_days)),
        escalate_after_days  int NOT NULL DEFAULT 3 CHECK (escalate_after_days BETWEEN 1 AND 60),
        digest_after_days    int NOT NULL DEFAULT 10 CHECK (digest_after_days BETWEEN 1 AND 120),
        version              int NOT NULL DEFAULT 1,
        updated_by           uuid REFERENCES users(id),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);

    // a bureau's own days off (or extra working days) on top of the national calendar
    await q.query(`
      CREATE TABLE calendar_overrides (
        date        date PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('workday', 'dayoff')),
        reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
        created_by  uuid REFERENCES users(id),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    // chat robots per unit (DingTalk signs with its secret; the secret is never echoed back)
    await q.query(`
      CREATE TABLE unit_webhooks (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id     uuid NOT NULL REFERENCES org_units(id),
        kind        text NOT NULL CHECK (kind IN ('dingtalk', 'wecom')),
        url         text NOT NULL CHECK (url ~ '^https?://'),
        secret      text,
        enabled     boolean NOT NULL DEFAULT true,
        created_by  uuid REFERENCES users(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX unit_webhooks_unit_idx ON unit_webhooks (unit_id) WHERE enabled`);

    // immediate messages, or one daily digest e-mail instead of many
    await q.query(
      `ALTER TABLE users ADD COLUMN reminder_mode text NOT NULL DEFAULT 'immediate' CHECK (reminder_mode IN ('immediate', 'daily_digest'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN reminder_mode`);
    await q.query(`DROP TABLE unit_webhooks`);
    await q.query(`DROP TABLE calendar_overrides`);
    await q.query(`DROP TABLE reminder_settings`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE outbox_deliveries`);
    await q.query(`DROP TABLE outbox_messages`);
  }
}
