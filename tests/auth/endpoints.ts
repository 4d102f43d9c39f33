import { Permission } from '@duban/access';

export interface EndpointCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** as Nest registers it; every `:param` is filled with a random uuid by the matrix test */
  path: string;
  permission: Permission | 'public';
  /** a body that reaches the handler without side effects worth worrying about */
  body?: unknown;
}

/**
 * Every HTTP endpoint of the API and the permission it requires. The matrix test signs in as each
 * role and calls each endpoint; the route test fails when a registered route is missing here, so a
 * new endpoint lands with its row (and its declared permission) or the suite is red.
 */
export const ENDPOINTS: EndpointCase[] = [
  { method: 'GET', path: '/health', permission: 'public' },

  { method: 'POST', path: '/api/auth/login', permission: 'public', body: { username: 'nobody.here', password: 'x' } },
  { method: 'POST', path: '/api/auth/refresh', permission: 'public', body: { refreshToken: 'A'.repeat(43) } },
  { method: 'POST', path: '/api/auth/logout', permission: Permission.Self },
  { method: 'GET', path: '/api/auth/me', permission: Permission.Self },
  { method: 'PATCH', path: '/api/auth/me', permission: Permission.Self, body: {} },
  { method: 'POST', path: '/api/auth/password', permission: Permission.Self, body: {} },

  { method: 'GET', path: '/api/users', permission: Permission.UsersRead },
  { method: 'GET', path: '/api/users/:id', permission: Permission.UsersRead },
  { method: 'POST', path: '/api/users', permission: Permission.UsersManage, body: {} },
  { method: 'POST', path: '/api/users/import', permission: Permission.UsersManage, body: {} },
  { method: 'PATCH', path: '/api/users/:id', permission: Permission.UsersManage, body: {} },
  { method: 'POST', path: '/api/users/:id/reset-password', permission: Permission.UsersManage, body: { password: 'x' } },

  { method: 'POST', path: '/api/plans/import', permission: Permission.PlansImport, body: {} },
  { method: 'POST', path: '/api/plans/:id/import', permission: Permission.PlansImport, body: {} },
  { method: 'GET', path: '/api/plans', permission: Permission.PlansRead },
  { method: 'GET', path: '/api/plans/:id', permission: Permission.PlansRead },
  { method: 'GET', path: '/api/plans/:id/draft', permission: Permission.PlansRead },
  { method: 'PATCH', path: '/api/plans/:id/draft', permission: Permission.PlansEdit, body: { version: 1, operations: [] } },
  { method: 'POST', path: '/api/plans/:id/draft/undo', permission: Permission.PlansEdit, body: { version: 1 } },
  { method: 'DELETE', path: '/api/plans/:id/draft?version=1', permission: Permission.PlansEdit },
  { method: 'POST', path: '/api/plans/:id/restore', permission: Permission.PlansEdit },
  { method: 'POST', path: '/api/plans/:id/confirm', permission: Permission.PlansEdit, body: { version: 1 } },
  { method: 'GET', path: '/api/plans/:id/routing', permission: Permission.PlansRoute },
  { method: 'PUT', path: '/api/plans/:id/routing', permission: Permission.PlansRoute, body: { items: [] } },
  { method: 'POST', path: '/api/plans/:id/routing/undo', permission: Permission.PlansRoute },

  { method: 'GET', path: '/api/audit', permission: Permission.AuditRead },

  { method: 'GET', path: '/api/plans/:planId/reminder-settings', permission: Permission.PlansRead },
  { method: 'PUT', path: '/api/plans/:planId/reminder-settings', permission: Permission.PlansEdit, body: {} },
  { method: 'GET', path: '/api/admin/calendar-overrides', permission: Permission.RemindersManage },
  { method: 'PUT', path: '/api/admin/calendar-overrides/:date', permission: Permission.RemindersManage, body: {} },
  { method: 'DELETE', path: '/api/admin/calendar-overrides/:date', permission: Permission.RemindersManage },
  { method: 'GET', path: '/api/admin/unit-webhooks', permission: Permission.RemindersManage },
  { method: 'POST', path: '/api/admin/unit-webhooks', permission: Permission.RemindersManage, body: {} },
  { method: 'PATCH', path: '/api/admin/unit-webhooks/:id', permission: Permission.RemindersManage, body: {} },
  { method: 'DELETE', path: '/api/admin/unit-webhooks/:id', permission: Permission.RemindersManage },
  { method: 'GET', path: '/api/admin/mail', permission: Permission.RemindersManage },
  // an invalid address: an allowed caller gets a 400 at once instead of a real send
  { method: 'POST', path: '/api/admin/mail/test', permission: Permission.RemindersManage, body: { to: 'not-an-address' } },
  { method: 'GET', path: '/api/admin/deliveries/dead', permission: Permission.RemindersManage },
  { method: 'POST', path: '/api/admin/deliveries/:id/retry', permission: Permission.RemindersManage },
  { method: 'GET', path: '/api/me/reminder-preference', permission: Permission.Self },
  { method: 'PUT', path: '/api/me/reminder-preference', permission: Permission.Self, body: {} },
  { method: 'GET', path: '/metrics', permission: 'public' },

  { method: 'GET', path: '/api/org/units', permission: Permission.OrgRead },
  { method: 'GET', path: '/api/org/units/tree', permission: Permission.OrgRead },
  { method: 'GET', path: '/api/org/units/export', permission: Permission.OrgRead },
  { method: 'POST', path: '/api/org/units/import', permission: Permission.OrgManage, body: {} },
  { method: 'GET', path: '/api/org/units/:id', permission: Permission.OrgRead },
  { method: 'POST', path: '/api/org/units', permission: Permission.OrgManage, body: {} },
  { method: 'PATCH', path: '/api/org/units/:id', permission: Permission.OrgManage, body: {} },
  { method: 'DELETE', path: '/api/org/units/:id', permission: Permission.OrgManage },
  { method: 'POST', path: '/api/org/units/:id/restore', permission: Permission.OrgManage, body: {} },
  { method: 'GET', path: '/api/plans/:planId/unit-matches', permission: Permission.PlansRead },

  { method: 'GET', path: '/api/plans/:planId/task-sheet.xlsx', permission: Permission.PlansRead },
  { method: 'POST', path: '/api/plans/:planId/task-sheet/import', permission: Permission.TasksManage, body: {} },
  { method: 'GET', path: '/api/plans/:planId/summary.docx', permission: Permission.SummaryRead },
  { method: 'GET', path: '/api/plans/:planId/summary.md', permission: Permission.SummaryRead },
  { method: 'GET', path: '/api/plans/:planId/summary.xlsx', permission: Permission.SummaryRead },
  { method: 'POST', path: '/api/plans/:planId/summary/reconciliations', permission: Permission.SummaryReconcile, body: {} },
  { method: 'GET', path: '/api/plans/:planId/summary/reconciliations', permission: Permission.SummaryReconcile },
  { method: 'GET', path: '/api/plans/:planId/summary/reconciliations/:reconciliationId', permission: Permission.SummaryReconcile },
  {
    method: 'POST',
    path: '/api/plans/:planId/summary/reconciliations/:reconciliationId/proposals/:proposalId/confirm',
    permission: Permission.SummaryReconcile,
    body: {},
  },
  {
    method: 'POST',
    path: '/api/plans/:planId/summary/reconciliations/:reconciliationId/proposals/:proposalId/reject',
    permission: Permission.SummaryReconcile,
    body: {},
  },
  { method: 'POST', path: '/api/plans/:planId/tasks/decompose', permission: Permission.TasksManage, body: {} },
  { method: 'GET', path: '/api/tasks', permission: Permission.TasksRead },
  { method: 'POST', path: '/api/tasks/merge', permission: Permission.TasksManage, body: {} },
  { method: 'GET', path: '/api/tasks/:id', permission: Permission.TasksRead },
  { method: 'PATCH', path: '/api/tasks/:id', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/tasks/:id/split', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/tasks/:id/assignments', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/tasks/:id/assignments/bulk', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/tasks/:id/change-requests', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/change-requests/:id/approve', permission: Permission.TasksManage, body: {} },
  { method: 'POST', path: '/api/change-requests/:id/return', permission: Permission.TasksManage, body: {} },

  { method: 'GET', path: '/api/assignments', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/assignments/:id', permission: Permission.TasksRead },
  { method: 'POST', path: '/api/assignments/:id/progress', permission: Permission.AssignmentsWork, body: {} },
  { method: 'POST', path: '/api/assignments/:id/start', permission: Permission.AssignmentsWork, body: {} },
  { method: 'POST', path: '/api/assignments/:id/submit', permission: Permission.AssignmentsWork, body: {} },
  { method: 'POST', path: '/api/assignments/:id/approve', permission: Permission.AssignmentsReview, body: {} },
  { method: 'POST', path: '/api/assignments/:id/return', permission: Permission.AssignmentsReview, body: {} },
  { method: 'POST', path: '/api/assignments/:id/request-extension', permission: Permission.AssignmentsWork, body: {} },
  { method: 'POST', path: '/api/assignments/:id/cancel', permission: Permission.TasksManage, body: {} },

  { method: 'POST', path: '/api/assignments/:id/urge', permission: Permission.AssignmentsUrge, body: {} },
  { method: 'GET', path: '/api/assignments/:id/urgings', permission: Permission.TasksRead },
  { method: 'POST', path: '/api/assignments/:id/notices', permission: Permission.NoticesIssue, body: {} },
  { method: 'GET', path: '/api/notices', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/notices/:id', permission: Permission.TasksRead },
  { method: 'POST', path: '/api/notices/:id/sign', permission: Permission.AssignmentsWork },
  { method: 'POST', path: '/api/notices/:id/reply', permission: Permission.AssignmentsWork, body: { reply: '已落实' } },
  { method: 'GET', path: '/api/notifications', permission: Permission.Self },
  { method: 'POST', path: '/api/notifications/read-all', permission: Permission.Self },
  { method: 'POST', path: '/api/notifications/:id/read', permission: Permission.Self },
  { method: 'POST', path: '/api/admin/queues/session', permission: Permission.QueuesAdmin },
  { method: 'POST', path: '/api/extension-requests/:id/approve', permission: Permission.AssignmentsReview, body: {} },
  { method: 'POST', path: '/api/extension-requests/:id/deny', permission: Permission.AssignmentsReview, body: {} },
  { method: 'GET', path: '/api/inbox/summary', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/inbox/actions', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/inbox/reviews', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/inbox/change-requests', permission: Permission.TasksRead },

  { method: 'POST', path: '/api/assignments/:id/evidence', permission: Permission.AssignmentsWork, body: {} },
  { method: 'GET', path: '/api/assignments/:id/evidence', permission: Permission.TasksRead },
  { method: 'GET', path: '/api/evidence/:id/download', permission: Permission.TasksRead },
  { method: 'DELETE', path: '/api/evidence/:id', permission: Permission.AssignmentsWork },
  { method: 'POST', path: '/api/evidence/:id/accept', permission: Permission.AssignmentsReview, body: {} },
  { method: 'POST', path: '/api/evidence/:id/return', permission: Permission.AssignmentsReview, body: {} },
  { method: 'GET', path: '/api/tasks/:id/evidence-requirements', permission: Permission.TasksRead },
  { method: 'PUT', path: '/api/tasks/:id/evidence-requirements', permission: Permission.TasksManage, body: {} },

  { method: 'GET', path: '/api/overview', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/rollup?by=section', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/rollup/assignments', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/ranking', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/matrix', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/trend', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/plans/:id/indicators', permission: Permission.RollupsRead },
  { method: 'GET', path: '/api/rollups/overdue', permission: Permission.RollupsRead },
];

/** The route as Nest registers it (query string dropped). */
export const routeKey = (method: string, path: string): string => `${method} ${path.split('?')[0]}`;
