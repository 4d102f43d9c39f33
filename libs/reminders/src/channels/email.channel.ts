import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import nodemailer, { type SendMailOptions, type Transporter, type TransportOptions } from 'nodemailer';
import { smtpError } from './delivery-error';
import type { RenderedMessage } from './rendered-message';

/** nodemailer transport options from SMTP_URL (smtp://user:pass@host:port, smtps:// for TLS). */
export function smtpOptions(url: string, pooled: boolean): TransportOptions {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port || (secure ? 465 : 25)),
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    pool: pooled,
    maxConnections: 5,
    maxMessages: Infinity,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as TransportOptions;
}

/**
 * E-mail through one pooled SMTP transport per process (a few long-lived connections reused for
 * every message). Each message carries `Message-ID: <KEY@duban>`, `X-Duban-Kind`, `X-Duban-Slot`
 * and `List-Unsubscribe` pointing at the reminder preference.
 */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private transport: Transporter | null = null;

  constructor(private readonly config: AppConfig) {}

  private get mailer(): Transporter {
    this.transport ??= nodemailer.createTransport(smtpOptions(this.config.SMTP_URL, true));
    return this.transport;
  }

  async send(to: string, msg: RenderedMessage): Promise<void> {
    try {
      await this.mailer.sendMail(mailOf(this.config, to, msg));
    } catch (e) {
      throw smtpError(e);
    }
  }

  /**
   * One plain message through the same pooled transport, answering its Message-ID, or throwing
   * the SMTP error (or a timeout after `timeoutMs`) as a DeliveryError: the admin's test send.
   */
  async sendTest(to: string, msg: { subject: string; text: string }, timeoutMs: number): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${Math.round(timeoutMs / 1000)} 秒内未完成发送（超时）`)), timeoutMs);
    });
    try {
      const info = (await Promise.race([
        this.mailer.sendMail({ from: this.config.MAIL_FROM, to, subject: msg.subject, text: msg.text }),
        timeout,
      ])) as { messageId: string };
      return info.messageId;
    } catch (e) {
      throw smtpError(e);
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
    this.transport = null;
  }
}

export function mailOf(config: Pick<AppConfig, 'MAIL_FROM' | 'PUBLIC_URL'>, to: string, msg: RenderedMessage): SendMailOptions {
  const prefs = `${config.PUBLIC_URL.replace(/\/$/, '')}/settings/reminders`;
  return {
    from: config.MAIL_FROM,
    to,
    subject: msg.subject,
    text: `${msg.body}\n\n${msg.link ? `查看：${msg.link}\n` : ''}\n——\n督办系统自动发送。调整提醒方式（即时或每日汇总）：${prefs}`,
    html: htmlOf(msg, prefs),
    messageId: `<${msg.key}@duban>`,
    headers: {
      'X-Duban-Kind': msg.kind,
      'X-Duban-Slot': msg.slot,
      'List-Unsubscribe': `<${prefs}>`,
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function htmlOf(msg: RenderedMessage, prefs: string): string {
  const paragraphs = msg.body
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
  const link = msg.link ? `<p><a href="${escapeHtml(msg.link)}">查看任务</a></p>` : '';
  return (
    `<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif">` +
    `<h3>${escapeHtml(msg.subject)}</h3>${paragraphs}${link}` +
    `<hr><p style="color:#888;font-size:12px">督办系统自动发送。<a href="${escapeHtml(prefs)}">调整提醒方式</a></p></body></html>`
  );
}
