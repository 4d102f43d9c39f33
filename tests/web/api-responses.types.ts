/**
 * Compile-time half of the response documentation check (the runtime half is
 * api-responses.e2e.spec.ts): each documented response class must describe what its controller
 * method returns, as JSON (Dates become strings). A field renamed or retyped in a service, but not
 * in its `*.responses.ts` class, fails `npm run typecheck` on the line below that names it.
 * Checked by tsc only (jest runs *.spec.ts); nothing here runs.
 */
import type { AuthController } from '../../apps/api/src/auth/auth.controller';
import type { MeResponse, TokenResponse } from '../../apps/api/src/auth/auth.responses';
import type { Documents, Jsonify } from '../../apps/api/src/common/responses';
import type { EvidenceController } from '../../apps/api/src/evidence/evidence.controller';
import type { EvidenceListResponse, EvidenceResponse } from '../../apps/api/src/evidence/evidence.responses';
import type { InboxController } from '../../apps/api/src/inbox/inbox.controller';
import type { ChangeRequestPageResponse, InboxPageResponse, InboxSummaryResponse } from '../../apps/api/src/inbox/inbox.responses';
import type { OrgUnitsController } from '../../apps/api/src/org/org-units.controller';
import type {
  OrgImportResultResponse,
  OrgUnitDetailResponse,
  OrgUnitPageResponse,
  OrgUnitRecordResponse,
} from '../../apps/api/src/org/org.responses';
import type { PlansController } from '../../apps/api/src/plans/plans.controller';
import type { ConfirmResponse, DraftResponse, PlanDetailResponse, PlanPageResponse } from '../../apps/api/src/plans/plans.responses';
import type { AssignmentsController } from '../../apps/api/src/tasks/assignments.controller';
import type { TasksController } from '../../apps/api/src/tasks/tasks.controller';
import type {
  AssignResponse,
  AssignmentDetailResponse,
  AssignmentRecordResponse,
  ProgressResultResponse,
  TaskChangeRequestRecordResponse,
  BulkAssignResponse,
  DecomposeResponse,
  TaskDetailResponse,
  TaskPageResponse,
} from '../../apps/api/src/tasks/tasks.responses';
import type { NotificationsController } from '../../apps/api/src/notices/notifications.controller';
import type { NoticesController } from '../../apps/api/src/notices/notices.controller';
import type {
  NoticePageResponse,
  NoticeResponse,
  NotificationPageResponse,
  UrgeResponse,
  UrgingListResponse,
} from '../../apps/api/src/notices/notices.responses';
import type { RemindersController } from '../../apps/api/src/reminders/reminders.controller';
import type {
  CalendarOverrideResponse,
  MailSettingsResponse,
  MailTestResponse,
  PlanReminderSettingsResponse,
  ReminderPreferenceResponse,
  UnitWebhookResponse,
} from '../../apps/api/src/reminders/reminders.responses';
import type { RollupsController } from '../../apps/api/src/rollups/rollups.controller';
import type {
  IndicatorsResponse,
  MatrixResponse,
  OverduePageResponse,
  OverviewResponse,
  PlanRollupResponse,
  RankingResponse,
  RollupAssignmentPageResponse,
  TrendResponse,
} from '../../apps/api/src/rollups/rollups.responses';
import type { UsersController } from '../../apps/api/src/users/users.controller';
import type {
  CreatedUserResponse,
  ResetPasswordResponse,
  UserImportResultResponse,
  UserPageResponse,
  UserResponse,
} from '../../apps/api/src/users/users.responses';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any controller method, whatever its parameters
type Served<F extends (...args: any[]) => unknown> = Jsonify<Awaited<ReturnType<F>>>;

export const documented: Record<string, true> = {
  me: true satisfies Documents<Served<AuthController['me']>, MeResponse>,
  login: true satisfies Documents<Served<AuthController['login']>, TokenResponse>,
  refresh: true satisfies Documents<Served<AuthController['refresh']>, TokenResponse>,
  password: true satisfies Documents<Served<AuthController['changePassword']>, TokenResponse>,
  importPlan: true satisfies Documents<Served<PlansController['importPlan']>, DraftResponse>,
  reimportPlan: true satisfies Documents<Served<PlansController['reimportPlan']>, DraftResponse>,
  editDraft: true satisfies Documents<Served<PlansController['editDraft']>, DraftResponse>,
  undoDraft: true satisfies Documents<Served<PlansController['undoDraft']>, DraftResponse>,
  restore: true satisfies Documents<Served<PlansController['restore']>, DraftResponse>,
  confirm: true satisfies Documents<Served<PlansController['confirm']>, ConfirmResponse>,
  plans: true satisfies Documents<Served<PlansController['list']>, PlanPageResponse>,
  plan: true satisfies Documents<Served<PlansController['get']>, PlanDetailResponse>,
  draft: true satisfies Documents<Served<PlansController['getDraft']>, DraftResponse>,
  tasks: true satisfies Documents<Served<TasksController['list']>, TaskPageResponse>,
  task: true satisfies Documents<Served<TasksController['get']>, TaskDetailResponse>,
  assignment: true satisfies Documents<Served<AssignmentsController['get']>, AssignmentDetailResponse>,
  decompose: true satisfies Documents<Served<TasksController['decompose']>, DecomposeResponse>,
  merge: true satisfies Documents<Served<TasksController['merge']>, TaskDetailResponse>,
  patchTask: true satisfies Documents<Served<TasksController['patch']>, TaskDetailResponse>,
  assign: true satisfies Documents<Served<TasksController['assign']>, AssignResponse>,
  assignBulk: true satisfies Documents<Served<TasksController['assignBulk']>, BulkAssignResponse>,
  upload: true satisfies Documents<Served<EvidenceController['upload']>, EvidenceResponse>,
  acceptEvidence: true satisfies Documents<Served<EvidenceController['accept']>, EvidenceResponse>,
  returnEvidence: true satisfies Documents<Served<EvidenceController['return']>, EvidenceResponse>,
  progress: true satisfies Documents<Served<AssignmentsController['report']>, ProgressResultResponse>,
  start: true satisfies Documents<Served<AssignmentsController['start']>, AssignmentRecordResponse>,
  submit: true satisfies Documents<Served<AssignmentsController['submit']>, AssignmentRecordResponse>,
  approve: true satisfies Documents<Served<AssignmentsController['approve']>, AssignmentRecordResponse>,
  giveBack: true satisfies Documents<Served<AssignmentsController['giveBack']>, AssignmentRecordResponse>,
  requestExtension: true satisfies Documents<Served<AssignmentsController['requestExtension']>, AssignmentRecordResponse>,
  cancel: true satisfies Documents<Served<AssignmentsController['cancel']>, AssignmentRecordResponse>,
  approveExtension: true satisfies Documents<Served<AssignmentsController['approveExtension']>, AssignmentRecordResponse>,
  denyExtension: true satisfies Documents<Served<AssignmentsController['denyExtension']>, AssignmentRecordResponse>,
  requestChange: true satisfies Documents<Served<TasksController['requestChange']>, TaskChangeRequestRecordResponse>,
  approveChange: true satisfies Documents<Served<TasksController['approveChange']>, TaskChangeRequestRecordResponse>,
  returnChange: true satisfies Documents<Served<TasksController['returnChange']>, TaskChangeRequestRecordResponse>,
  evidence: true satisfies Documents<Served<EvidenceController['list']>, EvidenceListResponse>,
  inboxSummary: true satisfies Documents<Served<InboxController['summary']>, InboxSummaryResponse>,
  inboxActions: true satisfies Documents<Served<InboxController['actions']>, InboxPageResponse>,
  inboxReviews: true satisfies Documents<Served<InboxController['reviews']>, InboxPageResponse>,
  assignments: true satisfies Documents<Served<InboxController['assignments']>, InboxPageResponse>,
  changeRequests: true satisfies Documents<Served<InboxController['changeRequests']>, ChangeRequestPageResponse>,
  units: true satisfies Documents<Served<OrgUnitsController['list']>, OrgUnitPageResponse>,
  users: true satisfies Documents<Served<UsersController['list']>, UserPageResponse>,
  user: true satisfies Documents<Served<UsersController['get']>, UserResponse>,
  createUser: true satisfies Documents<Served<UsersController['create']>, CreatedUserResponse>,
  updateUser: true satisfies Documents<Served<UsersController['update']>, UserResponse>,
  resetPassword: true satisfies Documents<Served<UsersController['resetPassword']>, ResetPasswordResponse>,
  importUnits: true satisfies Documents<Served<OrgUnitsController['import']>, OrgImportResultResponse>,
  importUsers: true satisfies Documents<Served<UsersController['import']>, UserImportResultResponse>,
  unit: true satisfies Documents<Served<OrgUnitsController['get']>, OrgUnitDetailResponse>,
  createUnit: true satisfies Documents<Served<OrgUnitsController['create']>, OrgUnitRecordResponse>,
  updateUnit: true satisfies Documents<Served<OrgUnitsController['update']>, OrgUnitRecordResponse>,
  archiveUnit: true satisfies Documents<Served<OrgUnitsController['archive']>, OrgUnitRecordResponse>,
  restoreUnit: true satisfies Documents<Served<OrgUnitsController['restore']>, OrgUnitRecordResponse>,
  overview: true satisfies Documents<Served<RollupsController['overview']>, OverviewResponse>,
  rollup: true satisfies Documents<Served<RollupsController['rollup']>, PlanRollupResponse>,
  rollupAssignments: true satisfies Documents<Served<RollupsController['assignments']>, RollupAssignmentPageResponse>,
  matrix: true satisfies Documents<Served<RollupsController['matrix']>, MatrixResponse>,
  indicators: true satisfies Documents<Served<RollupsController['indicators']>, IndicatorsResponse>,
  ranking: true satisfies Documents<Served<RollupsController['ranking']>, RankingResponse>,
  trend: true satisfies Documents<Served<RollupsController['trend']>, TrendResponse>,
  overdue: true satisfies Documents<Served<RollupsController['overdue']>, OverduePageResponse>,
  notices: true satisfies Documents<Served<NoticesController['list']>, NoticePageResponse>,
  notice: true satisfies Documents<Served<NoticesController['get']>, NoticeResponse>,
  urge: true satisfies Documents<Served<NoticesController['urge']>, UrgeResponse>,
  urgings: true satisfies Documents<Served<NoticesController['listUrgings']>, UrgingListResponse>,
  issueNotice: true satisfies Documents<Served<NoticesController['issue']>, NoticeResponse>,
  signNotice: true satisfies Documents<Served<NoticesController['sign']>, NoticeResponse>,
  replyNotice: true satisfies Documents<Served<NoticesController['reply']>, NoticeResponse>,
  notifications: true satisfies Documents<Served<NotificationsController['list']>, NotificationPageResponse>,
  reminderSettings: true satisfies Documents<Served<RemindersController['settings']>, PlanReminderSettingsResponse>,
  putReminderSettings: true satisfies Documents<Served<RemindersController['putSettings']>, PlanReminderSettingsResponse>,
  calendarOverrides: true satisfies Documents<Served<RemindersController['overrides']>, CalendarOverrideResponse[]>,
  putCalendarOverride: true satisfies Documents<Served<RemindersController['putOverride']>, CalendarOverrideResponse>,
  mailSettings: true satisfies Documents<Served<RemindersController['mailSettings']>, MailSettingsResponse>,
  mailTest: true satisfies Documents<Served<RemindersController['mailTest']>, MailTestResponse>,
  unitWebhooks: true satisfies Documents<Served<RemindersController['webhooks']>, UnitWebhookResponse[]>,
  createUnitWebhook: true satisfies Documents<Served<RemindersController['createWebhook']>, UnitWebhookResponse>,
  updateUnitWebhook: true satisfies Documents<Served<RemindersController['updateWebhook']>, UnitWebhookResponse>,
  reminderPreference: true satisfies Documents<Served<RemindersController['preference']>, ReminderPreferenceResponse>,
  setReminderPreference: true satisfies Documents<Served<RemindersController['setPreference']>, ReminderPreferenceResponse>,
};
