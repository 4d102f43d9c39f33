import type { DemoStep } from '../context';
import { advanceClock } from './advance-clock';
import { assignUnits } from './assign-units';
import { exportSheets } from './export-sheets';
import { importPlans } from './import-plans';
import { inboxCheck } from './inbox-check';
import { issueNotice } from './issue-notice';
import { leaderOverview } from './leader-overview';
import { previewReminders } from './preview-reminders';
import { routePlans } from './route-plans';
import { sendReminders } from './send-reminders';
import { simulateWork } from './simulate-work';
import { writeSummaries } from './write-summaries';

/**
 * The demo, in order. Each step is one file in this folder exporting a DemoStep; to add one
 * (a reminder preview, a 督办单, completion figures, a summary), write its file and list it here.
 */
export const DEMO_STEPS: DemoStep[] = [
  importPlans,
  routePlans,
  assignUnits,
  advanceClock,
  simulateWork,
  exportSheets,
  issueNotice,
  previewReminders,
  sendReminders,
  leaderOverview,
  writeSummaries,
  inboxCheck,
];
