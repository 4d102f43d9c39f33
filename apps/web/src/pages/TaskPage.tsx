import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Empty, Select, Space, Spin, Table, Tag, Timeline } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import { useAuth } from '../auth';
import type { paths } from '../api/schema';
import type { InboxItem, Page, TaskDetail, TimelineEntry } from '../api/types';
import { PageError } from '../components/PageError';
import { UrgeButton } from '../components/SupervisePanel';
import { formatDate, formatDateTime } from '../format';
import { useUrlState } from '../hooks';
import { CADENCE_LABELS, ROLE_LABELS, STATE_COLORS, STATE_LABELS } from '../labels';

// ECharts is large: its chunk loads only when a task with assignments is shown
const StateChart = lazy(() => import('../components/StateChart'));

const ACTION_TEXT: Record<string, string> = {
  'task.created': '创建任务',
  'task.updated': '修改任务',
  'assignment.created': '分派',
  'assignments.bulk_created': '批量分派',
  'assignment.transition': '状态变更',
  'assignment.progress_reported': '报告进展',
  'evidence.uploaded': '上传佐证材料',
};

function describe(e: TimelineEntry): string {
  if (e.kind === 'review')
    return `${e.decidedByName ?? ''} ${e.decision === 'approve' ? '审核通过' : '退回'}${e.reason ? `：${e.reason}` : ''}`;
  // 催办 and 督办单 entries were shown as "系统 undefined" while the hand-written type knew only audit and review
  if (e.kind === 'urge') return `${e.urgedByName ?? ''} 催办${e.message ? `：${e.message}` : ''}`;
  if (e.kind === 'notice') {
    const verb = { issued: '下发督办单', signed: '签收督办单', answered: '反馈督办单' }[e.event ?? 'issued'];
    return `${e.actorName ?? ''} ${verb} ${e.number ?? ''}${e.text ? `：${e.text}` : ''}`;
  }
  const after = (e.after ?? null) as { state?: string } | null;
  const state = after?.state ? `→ ${STATE_LABELS[after.state] ?? after.state}` : '';
  return `${e.actorName ?? '系统'} ${(e.action && ACTION_TEXT[e.action]) ?? e.action ?? ''} ${state}`;
}

type Sort = NonNullable<NonNullable<paths['/api/assignments']['get']['parameters']['query']>['sort']>;

const SORTS: { value: Sort; label: string }[] = [
  { value: 'dueDate', label: '完成时限升序' },
  { value: '-dueDate', label: '完成时限降序' },
  { value: 'state', label: '按状态' },
  { value: '-updatedAt', label: '最近更新' },
];

/** A task: its assignments (each unit's state) and its timeline. */
export function TaskPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const task = useQuery({
    queryKey: ['task', id],
    queryFn: () => ok<TaskDetail>(api.GET('/api/tasks/{id}', { params: { path: { id } } })),
  });
  // the units are paginated, filtered and sorted by the API (a task may go to every school of a district)
  const [q, set] = useUrlState({ page: '1', pageSize: '20', state: '', sort: 'dueDate' });
  const units = useQuery({
    queryKey: ['task', id, 'assignments', q],
    queryFn: () =>
      ok<Page<InboxItem>>(
        api.GET('/api/assignments', {
          params: {
            query: {
              taskId: id,
              page: Number(q.page),
              pageSize: Number(q.pageSize),
              sort: q.sort as Sort,
              state: q.state ? [q.state as InboxItem['state']] : undefined,
            },
          },
        }),
      ),
  });
  if (task.error) return <PageError error={task.error} retry={() => void task.refetch()} />;
  const t = task.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card title={t?.title} loading={task.isLoading} extra={t && can('plans:read') && <Link to={`/plans/${t.planId}`}>返回计划</Link>}>
        {t && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="负责科室">{t.ownerUnitName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="完成时限">{formatDate(t.dueDate)}</Descriptions.Item>
            <Descriptions.Item label="报告周期">{CADENCE_LABELS[t.cadence ?? ''] ?? '不定期'}</Descriptions.Item>
            {t.targets.map((x) => (
              <Descriptions.Item key={x.id} label="指标">
                {x.metric} {x.comparator} {x.value}
                {x.unit}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Card>
      {t && Object.keys(t.assignmentStats?.byState ?? {}).length > 0 && (
        <Card title="办理情况">
          <Suspense fallback={<Spin />}>
            <StateChart byState={t.assignmentStats.byState} />
          </Suspense>
        </Card>
      )}
      <Card
        title="分派单位"
        extra={
          <Space wrap>
            <Select
              aria-label="状态"
              style={{ width: 120 }}
              allowClear
              placeholder="全部状态"
              value={q.state || undefined}
              onChange={(v?: string) => set({ state: v })}
              options={Object.entries(STATE_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <Select aria-label="排序" style={{ width: 140 }} value={q.sort} onChange={(v: string) => set({ sort: v })} options={SORTS} />
          </Space>
        }
      >
        <Table<InboxItem>
          rowKey="id"
          size="small"
          loading={units.isLoading}
          dataSource={units.data?.items}
          pagination={{
            current: Number(q.page),
            pageSize: Number(q.pageSize),
            total: units.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 个单位`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          locale={{
            emptyText: (
              <Empty
                description={
                  q.state ? '没有这一状态的单位。清除状态筛选可查看全部。' : '还没有分派单位。请在计划页的任务分派表中点击“分派”。'
                }
              />
            ),
          }}
          columns={[
            { title: '单位', dataIndex: 'unitName', render: (n: string, a) => <Link to={`/assignments/${a.id}`}>{n}</Link> },
            { title: '身份', dataIndex: 'role', width: 100, render: (r: string) => ROLE_LABELS[r] ?? r },
            {
              title: '状态',
              dataIndex: 'state',
              width: 100,
              render: (s: string) => <Tag color={STATE_COLORS[s]}>{STATE_LABELS[s] ?? s}</Tag>,
            },
            { title: '完成时限', dataIndex: 'dueDate', width: 160, render: formatDate },
            {
              title: '催办',
              key: 'urge',
              width: 150,
              render: (_: unknown, a) => (
                <UrgeButton assignmentId={a.id} urgeCount={a.urgeCount ?? 0} open={a.state !== 'approved' && a.state !== 'cancelled'} />
              ),
            },
          ]}
        />
      </Card>
      <Card title="时间线">
        {t?.timeline.length ? (
          <Timeline items={t.timeline.map((e, i) => ({ key: i, content: `${formatDateTime(e.at)}  ${describe(e)}` }))} />
        ) : (
          <Empty description="暂无记录" />
        )}
      </Card>
    </Space>
  );
}
