import { addCalendarDays } from '@duban/calendar';
import { ReminderSimulation } from '@duban/reminders';
import type { DemoStep } from '../context';

const KIND_LABELS: Record<string, string> = {
  due_soon: '临期提醒',
  due_today: '当日到期',
  overdue: '逾期提醒',
  escalation: '逾期升级',
  report_request: '报送提醒',
  urge: '催办',
  notice: '督办单',
  digest: '汇总',
};

/** What the coming week would send for the sample district (a preview: nothing is sent). */
export const previewReminders: DemoStep = {
  title: '未来一周的提醒（仅预览，不发送）',
  async run(ctx) {
    const today = ctx.clock.today();
    const to = addCalendarDays(today, 6);
    const days = await ctx.app.get(ReminderSimulation, { strict: false }).preview(today, to);
    const kinds = Object.keys(KIND_LABELS);
    const rows = days.map((day) => {
      const byKind: Record<string, number> = {};
      for (const m of day.messages) byKind[m.kind] = (byKind[m.kind] ?? 0) + 1;
      return [day.date, ...kinds.map((k) => byKind[k] ?? 0), day.messages.length];
    });
    ctx.report.table(['日期', ...kinds.map((k) => KIND_LABELS[k]), '合计'], rows);
  },
};
