import type { INestApplicationContext } from '@nestjs/common';
import { addCalendarDays } from '@duban/calendar';
import { Clock } from '@duban/clock';
import { ReminderSimulation } from '@duban/reminders';

/** The demo's reminders step: what the coming week would send for the sample district (nothing is sent). */
export async function previewComingWeek(app: INestApplicationContext): Promise<void> {
  const today = app.get(Clock).today();
  const to = addCalendarDays(today, 6);
  const days = await app.get(ReminderSimulation, { strict: false }).preview(today, to);
  console.log(`\n未来一周的提醒（${today} 至 ${to}，仅预览，未发送；npm run -s cli -- reminders preview 可查看明细）：`);
  for (const day of days) {
    const byKind: Record<string, number> = {};
    for (const m of day.messages) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
    const kinds = Object.entries(byKind).map(([k, n]) => `${k} ${n}`);
    console.log(`  ${day.date}：${kinds.length ? kinds.join('，') : '无'}`);
  }
}
