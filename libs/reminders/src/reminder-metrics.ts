import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Channel } from './types';

/**
 * In-process counters of what this process delivered (the worker's, or the CLI simulation's). The
 * API's `/metrics` reports cluster-wide figures from PostgreSQL and Redis instead (reminder-stats.ts).
 */
@Injectable()
export class ReminderMetrics {
  readonly registry = new Registry();
  readonly sent = new Counter({
    name: 'duban_reminder_sent_total',
    help: '已送达的提醒（按渠道）',
    labelNames: ['channel'],
    registers: [this.registry],
  });
  readonly failed = new Counter({
    name: 'duban_reminder_failed_total',
    help: '发送失败次数（按渠道与是否放弃）',
    labelNames: ['channel', 'final'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'duban_reminder_latency_seconds',
    help: '从可发送时刻到送达的时间（秒）',
    labelNames: ['channel'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600],
    registers: [this.registry],
  });

  recordSent(channel: Channel, latencyMs: number): void {
    this.sent.inc({ channel });
    if (latencyMs >= 0) this.latency.observe({ channel }, latencyMs / 1000);
  }

  recordFailed(channel: Channel, final: boolean): void {
    this.failed.inc({ channel, final: String(final) });
  }
}
