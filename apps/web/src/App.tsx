import {
  AuditOutlined,
  BarChartOutlined,
  FileTextOutlined,
  InboxOutlined,
  LogoutOutlined,
  NotificationOutlined,
  TeamOutlined,
  ApartmentOutlined,
  CheckSquareOutlined,
  BellOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Badge, Button, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { Me } from './api/types';
import { useAuth } from './auth';
import { GLOBAL_ROLES } from './labels';
import { ErrorBoundary } from './components/ErrorBoundary';
import { AssignmentPage } from './pages/AssignmentPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { ChangeRequestsPage } from './pages/ChangeRequestsPage';
import { InboxPage } from './pages/InboxPage';
import { AdminSettingsPage } from './pages/AdminSettingsPage';
import { NoticesPage, useUnread } from './pages/NoticesPage';
import { OverviewPage } from './pages/OverviewPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PlanImportPage } from './pages/PlanImportPage';
import { PlanPage } from './pages/PlanPage';
import { PlansPage } from './pages/PlansPage';
import { ReminderSettingsPage } from './pages/ReminderSettingsPage';
import { ReviewsPage } from './pages/ReviewsPage';
import { SignInPage } from './pages/SignInPage';
import { TaskPage } from './pages/TaskPage';
import { UnitsPage } from './pages/UnitsPage';
import { UsersPage } from './pages/UsersPage';

const { Header, Sider, Content } = Layout;

interface NavItem {
  key: string;
  label: string;
  icon: ReactNode;
  permission: Me['permissions'][number];
}

const NAV: NavItem[] = [
  { key: '/inbox', label: '待我处理', icon: <InboxOutlined />, permission: 'tasks:read' },
  { key: '/reviews', label: '审核', icon: <CheckSquareOutlined />, permission: 'assignments:review' },
  { key: '/change-requests', label: '调整审批', icon: <AuditOutlined />, permission: 'tasks:manage' },
  { key: '/plans', label: '工作要点', icon: <FileTextOutlined />, permission: 'plans:read' },
  { key: '/overview', label: '总览', icon: <BarChartOutlined />, permission: 'rollups:read' },
  { key: '/notices', label: '通知', icon: <NotificationOutlined />, permission: 'tasks:read' },
  { key: '/admin/units', label: '单位管理', icon: <ApartmentOutlined />, permission: 'org:manage' },
  { key: '/admin/users', label: '用户管理', icon: <TeamOutlined />, permission: 'users:manage' },
  { key: '/admin/settings', label: '系统设置', icon: <SettingOutlined />, permission: 'queues:admin' },
];

export function App() {
  const { status, me } = useAuth();
  const location = useLocation();
  if (status === 'restoring') {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
        <Spin description="正在载入…" size="large">
          <div style={{ width: 120, height: 60 }} />
        </Spin>
      </div>
    );
  }
  if (status === 'signed-out') {
    return (
      <Routes>
        <Route path="/login" element={<SignInPage />} />
        <Route path="*" element={<Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />} />
      </Routes>
    );
  }
  if (me?.mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to={home(me)} replace />} />
        <Route path="/login" element={<AfterSignIn />} />
        <Route path="/inbox" element={<InboxPage />} />
        <Route path="/reviews" element={<ReviewsPage />} />
        <Route path="/change-requests" element={<ChangeRequestsPage />} />
        <Route path="/plans" element={<PlansPage />} />
        <Route path="/plans/import" element={<PlanImportPage />} />
        <Route path="/plans/:id" element={<PlanPage />} />
        <Route path="/plans/:id/draft" element={<PlanImportPage />} />
        <Route path="/tasks/:id" element={<TaskPage />} />
        <Route path="/assignments/:id" element={<AssignmentPage />} />
        <Route path="/overview" element={<OverviewPage />} />
        <Route path="/notices" element={<NoticesPage />} />
        <Route path="/admin/units" element={<UnitsPage />} />
        <Route path="/admin/users" element={<UsersPage />} />
        <Route path="/admin/settings" element={<AdminSettingsPage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
        {/* every reminder e-mail's List-Unsubscribe points here */}
        <Route path="/settings/reminders" element={<ReminderSettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Shell>
  );
}

/** Where a sign-in lands: units their 待我处理, leaders the overview, heads their plans. */
function home(me: ReturnType<typeof useAuth>['me']): string {
  if (me?.permissions.includes('assignments:work')) return '/inbox';
  if (me?.globalRoles.includes('leader') && me.permissions.includes('rollups:read')) return '/overview';
  return '/plans';
}

/** The user's most senior role, in Chinese (the sign-in answer carries unit ids, not names). */
function roleOf(me: Me | null): string | undefined {
  const roles: string[] = [...(me?.globalRoles ?? []), ...(me?.units ?? []).map((u) => u.role)];
  return ['admin', 'leader', 'department_head', 'unit_member'].filter((r) => roles.includes(r)).map((r) => GLOBAL_ROLES[r])[0];
}

/** Signed in on /login: go where the sign-in was asked for (only a path of this site). */
function AfterSignIn() {
  const [params] = useSearchParams();
  const next = params.get('next');
  return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
}

function Shell({ children }: { children: ReactNode }) {
  const { me, signOut, can } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  // a phone (375 px): the header keeps the bell, the name and 退出 on one line
  const narrow = !Grid.useBreakpoint().sm;
  const items = NAV.filter((n) => can(n.permission)).map((n) => ({ key: n.key, icon: n.icon, label: <Link to={n.key}>{n.label}</Link> }));
  const selected = NAV.map((n) => n.key).find((k) => location.pathname.startsWith(k));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontSize: 18, fontWeight: 600, color: '#b8292f' }}>督办 Duban</div>
        <Menu mode="inline" selectedKeys={selected ? [selected] : []} items={items} />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            padding: narrow ? '0 12px' : '0 24px',
          }}
        >
          <Space align="center">
            <UnreadBell />
            <Typography.Text ellipsis style={{ maxWidth: narrow ? 90 : 320, lineHeight: 'normal', verticalAlign: 'middle' }}>
              {me?.displayName}
              {!narrow && roleOf(me) ? `（${roleOf(me)}）` : ''}
            </Typography.Text>
            {!narrow && (
              <Button type="link" onClick={() => navigate('/settings/reminders')}>
                提醒设置
              </Button>
            )}
            {!narrow && (
              <Button type="link" onClick={() => navigate('/account/password')}>
                修改密码
              </Button>
            )}
            <Button icon={<LogoutOutlined />} onClick={() => void signOut().then(() => navigate('/login'))}>
              退出
            </Button>
          </Space>
        </Header>
        <Content style={{ margin: narrow ? '52px 8px 8px' : 24 }}>
          <ErrorBoundary key={location.pathname}>{children}</ErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}

/** The header's bell: unread in-app notifications, a click opens them. */
function UnreadBell() {
  const unread = useUnread();
  return (
    <Link
      to="/notices?tab=messages"
      aria-label={`未读消息 ${unread} 条`}
      data-testid="unread-bell"
      style={{ display: 'inline-flex', alignItems: 'center', lineHeight: 1 }}
    >
      <Badge count={unread} size="small">
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Link>
  );
}
