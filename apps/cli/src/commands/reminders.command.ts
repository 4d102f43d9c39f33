import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { assertDate } from '@duban/calendar';
import { AdjustableClock, Clock } from '@duban/clock';
import { AppConfig, loadConfig } from '@duban/config';
import { dataSourceOptions } from '@duban/db';
import { ReminderQueues, ReminderSimulation, ReminderWorkers, RemindersModule, type PreviewDay } from '@duban/reminders';
import { CliError } from '../cli-error';

const USAGE =
  '用法 usage: reminders preview --from YYYY-MM-DD --to YYYY-MM-DD [--plan ID] [--json]\n' +
  '            reminders simulate --from YYYY-MM-DD --to YYYY-MM-DD [--plan ID]';

@Global()
@Module({})
class CliCoreModule {
  static with(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CliCoreModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(config, 'app'), retryAttempts: 0 })],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}

/** The reminders lib in-process, on an AdjustableClock that starts at `from`. */
export async function remindersContext(config: AppConfig, from: string, at?: Date): Promise<INestApplicationContext> {
  const clock = new AdjustableClock(at ?? new Date(`${from}T09:00:00+08:00`), { frozen: true });
  @Module({ imports: [CliCoreModule.with(config, clock), RemindersModule] })
  class CliRemindersModule {}
  return NestFactory.createApplicationContext(CliRemindersModule, { logger: ['error'] });
}

export async function reminders(action: string | undefined, flags: Map<string, string | true>): Promise<void> {
  const from = String(flags.get('from') ?? '');
  const to = String(flags.get('to') ?? '');
  const plan = flags.get('plan');
  try {
    assertDate(from);
    assertDate(to);
  } catch {
    throw new CliError(USAGE);
  }
  if (to < from) throw new CliError('--to 不能早于 --from');
  if (plan !== undefined && (plan === true || !/^[0-9a-f-]{36}$/i.test(plan))) throw new CliError('--plan 须为计划 ID（UUID）');
  const planId = typeof plan === 'string' ? plan : undefined;
  if (action === 'preview') return preview(from, to, planId, flags.has('json'));
  if (action === 'simulate') return simulate(from, to, planId);
  throw new CliError(USAGE);
}

async function preview(from: string, to: string, planId: string | undefined, json: boolean): Promise<void> {
  const app = await remindersContext(loadConfig(), from);
  try {
    const days = await app.get(ReminderSimulation).preview(from, to, planId);
    if (json) console.log(JSON.stringify(days, null, 2));
    else console.log(previewTable(days));
  } finally {
    await app.close();
  }
}

/** One line per day and kind, then the messages: what would go out (nothing is sent). */
export function previewTable(days: PreviewDay[]): string {
  const lines = ['日期        类型            收件人              单位                主题'];
  let total = 0;
  for (const day of days) {
    if (day.messages.length === 0) {
      lines.push(`${day.date}  （无）`);
      continue;
    }
    for (const m of day.messages) {
      total++;
      lines.push(`${day.date}  ${m.kind.padEnd(14)}  ${pad(m.recipient, 18)}  ${pad(m.unit ?? '—', 18)}  ${m.subject}`);
    }
  }
  lines.push(`共 ${days.length} 个工作日，${total} 条提醒（预览，未发送）`);
  return lines.join('\n');
}

function pad(s: string, width: number): string {
  // CJK characters take two columns in a terminal
  const w = [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(0, width - w));
}

async function simulate(from: string, to: string, planId: string | undefined): Promise<void> {
  if (process.env.NODE_ENV === 'production')
    throw new CliError('reminders simulate 会发送真实提醒并改动时钟，生产环境（NODE_ENV=production）下拒绝运行。');
  const config = loadConfig();
  // retries within the simulated day: a dead endpoint should not stall the run for minutes
  config.REMINDER_RETRY_BASE_MS = Math.min(config.REMINDER_RETRY_BASE_MS, 200);
  const app = await remindersContext(config, from);
  const workers = app.get(ReminderWorkers);
  try {
    await workers.start({ tickMs: 0 });
    const result = await app.get(ReminderSimulation).simulate(from, to, planId, (line) => console.log(line));
    console.log(JSON.stringify(result));
  } finally {
    await workers.stop();
    await Promise.all(
      app
        .get(ReminderQueues)
        .all()
        .map((q) => q.close()),
    );
    await app.close();
  }
}
