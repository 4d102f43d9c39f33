/**
 * Shapes of the API's responses as the pages read them, taken from the generated OpenAPI schema
 * (schema.d.ts, `npm run web:api`): the API documents its response bodies with `@ApiOkResponse`
 * classes (apps/api/src/<feature>/*.responses.ts), so a renamed or retyped field breaks
 * `npm run typecheck` here and in the pages, not in the browser.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

/** A server-paginated list of T. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Me = Schemas['MeResponse'];
export type PlanListItem = Schemas['PlanResponse'];
export type PlanDetail = Schemas['PlanDetailResponse'];
export type ParsedPoint = Schemas['ParsedPointResponse'];
export type ParsedSection = Schemas['ParsedSectionResponse'];
export type ParsedPlan = Schemas['ParsedPlanResponse'];
/** What confirming a revised document would change in the confirmed plan. */
export type PlanDiff = Schemas['PlanDiffResponse'];
export type DraftView = Schemas['DraftResponse'];
export type TaskItem = Schemas['TaskListItemResponse'];
export type AssignmentBrief = Schemas['TaskAssignmentResponse'];
export type TaskDetail = Schemas['TaskDetailResponse'];
export type TimelineEntry = Schemas['TimelineEntryResponse'];
export type InboxItem = Schemas['InboxItemResponse'];
export type InboxSummary = Schemas['InboxSummaryResponse'];
export type ChangeRequestItem = Schemas['ChangeRequestItemResponse'];
export type AssignmentDetail = Schemas['AssignmentDetailResponse'];
export type EvidenceView = Schemas['EvidenceResponse'];
export type EvidenceList = Schemas['EvidenceListResponse'];
export type OrgUnit = Schemas['OrgUnitResponse'];
export type UserItem = Schemas['UserResponse'];
export type OrgUnitDetail = Schemas['OrgUnitDetailResponse'];
export type Urgings = Schemas['UrgingListResponse'];
// the leader's pages (roll-ups) and the notices
export type Overview = Schemas['OverviewResponse'];
export type OverviewPlan = Schemas['OverviewPlanResponse'];
export type PlanRollup = Schemas['PlanRollupResponse'];
export type RollupRow = Schemas['RollupRowResponse'];
export type Ranking = Schemas['RankingResponse'];
export type RollupAssignment = Schemas['RollupAssignmentResponse'];
export type OverdueItem = Schemas['OverdueItemResponse'];
export type Trend = Schemas['TrendResponse'];
export type Matrix = Schemas['MatrixResponse'];
export type Indicators = Schemas['IndicatorsResponse'];
export type Notice = Schemas['NoticeResponse'];
export type NotificationItem = Schemas['NotificationResponse'];

/**
 * A spreadsheet import's report (org units or users). The hand-written version had `message` for
 * each row error; the API sends `reason`.
 */
export type ImportReport = Schemas['OrgImportResultResponse'] | Schemas['UserImportResultResponse'];
export type ImportIssue = Schemas['ImportIssueResponse'];
export type CalendarOverride = Schemas['CalendarOverrideResponse'];
/** A unit's chat robot: the address without its token, and only whether a signing secret is set. */
export type UnitWebhook = Schemas['UnitWebhookResponse'];
export type MailSettings = Schemas['MailSettingsResponse'];
export type MailTestResult = Schemas['MailTestResponse'];
export type UnitWebhookUpdate = Schemas['UpdateWebhookBody'];
export type PlanReminderSettings = Schemas['PlanReminderSettingsResponse'];
export type ReminderPreference = Schemas['ReminderPreferenceResponse'];
