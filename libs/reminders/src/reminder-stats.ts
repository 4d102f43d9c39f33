import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ReminderQueues } from './reminder-queues';

const LATENCY_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/**
 * Cluster-wide reminder figures for Prometheus, read at scrape time from PostgreSQL (deliveries by
 * channel and state, delivery latency) and Redis (queue depth), so they are right whichever worker
 * process sent what and survive restarts. Served by the API at `/metrics` (bearer METRICS_TOKEN).
 */
@Injectable()
export class ReminderStats {
  private readonly registry = new Registry();

  constructor(
    private readonly db: DataSource,
    private readonly queues: ReminderQueues,
  ) {
    const queueDepth = new Gauge({
      name: 'duban_reminder_queue_jobs',
      help: '提醒队列中的作业数（按队列与状态）',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
    });
    const deliveries = new Gauge({
      name: 'duban_reminder_deliveries',
      help: '投递记录数（按渠道与状态：pending、sending、sent、failed、dead、cancelled）',
      labelNames: ['channel', 'state'],
      registers: [this.registry],
    });
    this.collectors = async () => {
      queueDepth.reset();
      deliveries.reset();
      for (const q of this.queues.all()) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children');
        for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: q.name, state }, n);
      }
      const rows: { channel: string; state: string; n: number }[] = await this.db.query(
        `select channel, state, count(*)::int as n from outbox_deliveries group by 1, 2`,
      );
      for (const r of rows) deliveries.set({ channel: r.channel, state: r.state }, r.n);
    };
  }

  private readonly collectors: () => Promise<void>;

  get contentType(): string {
    return this.registry.contentType;
  }

  async metrics(): Promise<string> {
    await this.collectors();
    return (await this.registry.metrics()) + (await this.latencyHistogram());
  }

  /** Seconds from "may go out" to "sent", per channel, as a Prometheus histogram over all sent deliveries. */
  private async latencyHistogram(): Promise<string> {
    const rows: Record<string, number | string>[] = await this.db.query(
      `select d.channel, count(*)::int as count, coalesce(sum(greatest(extract(epoch from d.sent_at - m.not_before), 0)), 0)::float8 as sum,
              ${LATENCY_BUCKETS.map((b, i) => `count(*) filter (where extract(epoch from d.sent_at - m.not_before) <= ${b})::int as b${i}`).join(', ')}
         from outbox_deliveries d join outbox_messages m on m.id = d.message_id where d.state = 'sent' group by d.channel`,
    );
    const name = 'duban_reminder_latency_seconds';
    const lines = [`# HELP ${name} 从可发送时刻到送达的时间（秒，按渠道）`, `# TYPE ${name} histogram`];
    for (const r of rows) {
      LATENCY_BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{le="${b}",channel="${r.channel}"} ${r[`b${i}`]}`));
      lines.push(`${name}_bucket{le="+Inf",channel="${r.channel}"} ${r.count}`);
      lines.push(`${name}_sum{channel="${r.channel}"} ${r.sum}`, `${name}_count{channel="${r.channel}"} ${r.count}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
