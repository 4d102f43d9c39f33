import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { DataSource } from 'typeorm';
import { DeliveryError } from './channels/delivery-error';
import { EmailChannel } from './channels/email.channel';
import type { RenderedMessage } from './channels/rendered-message';
import { WebhookChannel } from './channels/webhook.channel';
import { ReminderMetrics } from './reminder-metrics';
import { returnedRows } from './sql';
import type { Channel, ReminderKind } from './types';

interface ClaimedDelivery {
  id: string;
  target: string;
  attempts: number;
  key: string;
  kind: ReminderKind;
  slot: string;
  subject: string;
  body: string;
  link: string | null;
  not_before: Date;
  robot_kind: 'dingtalk' | 'wecom' | null;
  robot_url: string | null;
  robot_secret: string | null;
}

export interface DeliveryOutcome {
  sent: number;
  dead: number;
  /** transient failures left for the next attempt */
  retry: string[];
}

/**
 * Sends one message's deliveries on one channel. Each delivery row is claimed first with a
 * conditional UPDATE (pending/failed, or a stale `sending` whose worker died) committed before
 * anything is sent, so two workers never send the same row; the row is marked sent right after.
 * A crash between the send and that mark leaves the row `sending`: after REMINDER_CLAIM_TIMEOUT_MS
 * it is claimed again, so a message can be duplicated only if it was in flight at the crash.
 * In-app deliveries write the notification and mark the row in one transaction: exactly once.
 */
@Injectable()
export class DeliveryService {
  readonly workerId = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly metrics: ReminderMetrics,
  ) {}

  /**
   * `finalAttempt`: the queue will not retry again, so a transient failure now is recorded as dead.
   */
  async deliver(channel: Channel, messageId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const claimed = returnedRows<ClaimedDelivery>(
      await this.db.query(
        // claimed_at and the staleness test use the database's wall clock: delivery machinery, not a decision
        `update outbox_deliveries d
          set state = 'sending', claimed_by = $3, claimed_at = now(), attempts = d.attempts + 1, updated_at = now()
         from outbox_messages m
        where d.message_id = $1 and d.channel = $2 and m.id = d.message_id
          and m.cancelled_at is null and m.not_before <= $4
          and (d.state in ('pending', 'failed')
               or (d.state = 'sending' and d.claimed_at < now() - make_interval(secs => $5::double precision / 1000)))
        returning d.id, d.target, d.attempts, m.key, m.kind, to_char(m.slot, 'YYYY-MM-DD') as slot, m.subject, m.body, m.link, m.not_before,
                  (select w.kind from unit_webhooks w where d.channel = 'webhook' and w.id::text = d.target) as robot_kind,
                  (select w.url from unit_webhooks w where d.channel = 'webhook' and w.id::text = d.target) as robot_url,
                  (select w.secret from unit_webhooks w where d.channel = 'webhook' and w.id::text = d.target) as robot_secret`,
        [messageId, channel, this.workerId, this.clock.now(), this.config.REMINDER_CLAIM_TIMEOUT_MS],
      ),
    );
    const outcome: DeliveryOutcome = { sent: 0, dead: 0, retry: [] };
    for (const d of claimed) {
      try {
        await this.sendOne(channel, messageId, d);
        outcome.sent++;
        this.metrics.recordSent(channel, this.clock.now().getTime() - new Date(d.not_before).getTime());
      } catch (e) {
        const err = e instanceof DeliveryError ? e : new DeliveryError(false, (e as Error).message);
        const dead = err.permanent || finalAttempt;
        const reason = err.permanent ? err.message : finalAttempt ? `重试 ${d.attempts} 次后放弃：${err.message}` : err.message;
        await this.db.query(
          `update outbox_deliveries set state = $2, last_error = $3, updated_at = now() where id = $1 and claimed_by = $4`,
          [d.id, dead ? 'dead' : 'failed', reason.slice(0, 1000), this.workerId],
        );
        this.metrics.recordFailed(channel, dead);
        if (dead) outcome.dead++;
        else outcome.retry.push(`${d.target}: ${err.message}`);
      }
    }
    return outcome;
  }

  private async sendOne(channel: Channel, messageId: string, d: ClaimedDelivery): Promise<void> {
    const msg = this.render(d);
    if (channel === 'inapp') {
      await this.db.transaction(async (m) => {
        await m.query(
          `insert into notifications (user_id, message_id, kind, title, body, link, assignment_id, notice_id, created_at)
           select $2::uuid, m.id, m.kind, m.subject, m.body, m.link, m.assignment_id, m.notice_id, $3 from outbox_messages m where m.id = $1
           on conflict (message_id) do nothing`,
          [messageId, d.target, this.clock.now()],
        );
        await this.markSent(m.query.bind(m), d.id);
      });
      return;
    }
    if (channel === 'email') await this.email.send(d.target, msg);
    else {
      if (!d.robot_url || !d.robot_kind) throw new DeliveryError(true, '机器人已删除');
      await this.webhook.send({ kind: d.robot_kind, url: d.robot_url, secret: d.robot_secret }, msg);
    }
    await this.markSent(this.db.query.bind(this.db), d.id);
  }

  private async markSent(query: (sql: string, params: unknown[]) => Promise<unknown>, id: string): Promise<void> {
    await query(`update outbox_deliveries set state = 'sent', sent_at = $2, last_error = null, updated_at = now() where id = $1`, [
      id,
      this.clock.now(),
    ]);
  }

  private render(d: ClaimedDelivery): RenderedMessage {
    const base = this.config.PUBLIC_URL.replace(/\/$/, '');
    const link = d.link ? (/^https?:\/\//.test(d.link) ? d.link : `${base}${d.link.startsWith('/') ? '' : '/'}${d.link}`) : null;
    return { key: d.key, kind: d.kind, slot: d.slot, subject: d.subject, body: d.body, link };
  }
}
