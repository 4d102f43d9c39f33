import { Injectable } from '@nestjs/common';
import { AuditService, type RequestContext } from '@duban/audit';
import { Clock } from '@duban/clock';
import { AppConfig } from '@duban/config';
import { DubanError } from '@duban/errors';
import { DataSource } from 'typeorm';
import { EmailChannel } from './channels/email.channel';

export interface MailSettingsView {
  /** SMTP host and port from SMTP_URL; the user name and password in it are never shown */
  host: string;
  port: number;
  secure: boolean;
  from: string;
  publicUrl: string;
  configuredBy: 'environment';
  /** e-mail deliveries sent on the China date of the injected clock */
  sentToday: number;
  /** e-mail deliveries whose last attempt failed today (to be retried, or given up) */
  failedToday: number;
  /** e-mail deliveries given up for good, all time */
  deadTotal: number;
}

export interface MailTestResult {
  ok: true;
  messageId: string;
}

const TEST_TIMEOUT_MS = 10_000;

/** The admin's view of outgoing mail: configuration (environment only, read here) and a test send. */
@Injectable()
export class MailAdminService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly email: EmailChannel,
  ) {}

  async settings(): Promise<MailSettingsView> {
    const u = new URL(this.config.SMTP_URL);
    const secure = u.protocol === 'smtps:';
    const [row] = (await this.db.query(
      `select count(*) filter (where state = 'sent' and (sent_at at time zone 'Asia/Shanghai')::date = $1::date)::int as sent_today,
              count(*) filter (where state in ('failed', 'dead') and (updated_at at time zone 'Asia/Shanghai')::date = $1::date)::int as failed_today,
              count(*) filter (where state = 'dead')::int as dead_total
         from outbox_deliveries where channel = 'email'`,
      [this.clock.today()],
    )) as { sent_today: number; failed_today: number; dead_total: number }[];
    return {
      host: u.hostname,
      port: Number(u.port || (secure ? 465 : 25)),
      secure,
      from: this.config.MAIL_FROM,
      publicUrl: this.config.PUBLIC_URL,
      configuredBy: 'environment',
      sentToday: row.sent_today,
      failedToday: row.failed_today,
      deadTotal: row.dead_total,
    };
  }

  /** Sends one test message now through the reminders' transport; the result (either way) is audited. */
  async sendTest(ctx: RequestContext, userId: string, to: string | undefined): Promise<MailTestResult> {
    let address = to?.trim();
    if (!address) {
      const [me] = (await this.db.query(`select email from users where id = $1`, [userId])) as { email: string | null }[];
      address = me?.email?.trim() || undefined;
      if (!address)
        throw new DubanError(
          'MAIL_NO_ADDRESS',
          '您的账号未填写电子邮箱，请填写收件地址',
          undefined,
          'no address given and the account has none',
        );
    }
    const at = this.clock.now();
    let result: { ok: true; messageId: string } | { ok: false; error: string };
    try {
      const messageId = await this.email.sendTest(
        address,
        {
          subject: '督办系统测试邮件',
          text: `这是一封测试邮件，用于确认督办系统的发信设置可用。\n发送时间：${at.toISOString()}\n\n——\n督办系统自动发送，无需回复。`,
        },
        TEST_TIMEOUT_MS,
      );
      result = { ok: true, messageId };
    } catch (e) {
      result = { ok: false, error: (e instanceof Error ? e.message : String(e)).slice(0, 500) };
    }
    await this.db.transaction((m) =>
      this.audit.record(m, ctx, { action: 'mail.test_sent', objectType: 'mail', objectId: address, after: { to: address, ...result } }),
    );
    if (!result.ok) {
      throw new DubanError('MAIL_TEST_FAILED', `测试邮件发送失败：邮件服务器拒绝或未响应（${result.error}）`, {
        to: address,
        smtpError: result.error,
      });
    }
    return result;
  }
}
