import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Breadcrumb, Button, Card, Col, Empty, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, downloadFile, ok } from '../api/client';
import type { Matrix, OverdueItem, Overview, OverviewPlan, Page, Ranking, RollupAssignment, RollupRow } from '../api/types';
import { useAuth } from '../auth';
import { LightTag } from '../components/LightTag';
import { PageError } from '../components/PageError';
import { formatDate, formatPercent } from '../format';
import { errorText, useUrlState } from '../hooks';
import { ROLE_LABELS, STATE_COLORS, STATE_LABELS } from '../labels';

// ECharts is large: the gauges, bars and trend load in their own chunk, only on this page
const Gauge = lazy(() => import('../components/Charts').then((m) => ({ default: m.Gauge })));
const RateBars = lazy(() => import('../components/Charts').then((m) => ({ default: m.RateBars })));
const TrendLine = lazy(() => import('../components/Charts').then((m) => ({ default: m.TrendLine })));

type RankedRow = Ranking['rows'][number];

const rate = (v: number | null) => (v === null ? '—' : formatPercent(v * 100));
const chartFallback = <Spin style={{ display: 'block', margin: '40px auto' }} />;

/**
 * The leader overview: completion and on-time gauges, section bars, the unit ranking, the overdue
 * red list and the weekly trend of one plan, and the drill-down plan → section → point → task →
 * assignment (→ its evidence on the assignment page). Plan, branch and the pages of the ranking (`kpage`, `kpageSize`, `korder`), matrix (`mpage`, `mpageSize`) and red list (`rpage`) live in the URL.
 */
export function OverviewPage() {
  const [state, set] = useUrlState({
    plan: '',
    section: '',
    point: '',
    task: '',
    page: '1',
    pageSize: '10',
    rpage: '1',
    kpage: '1',
    kpageSize: '10',
    korder: 'asc',
    mpage: '1',
    mpageSize: '10',
  });
  const overview = useQuery({ queryKey: ['overview'], queryFn: () => ok<Overview>(api.GET('/api/overview')) });
  if (overview.error) return <PageError error={overview.error} retry={() => void overview.refetch()} />;
  if (overview.isLoading || !overview.data) return <Card title="总览" loading />;
  const plans = overview.data.plans;
  if (plans.length === 0)
    return (
      <Card title="总览">
        <Empty description="还没有已确认的工作要点。科室导入并确认工作要点、分派任务后，这里会显示完成率、按时率与逾期清单。" />
      </Card>
    );
  const plan = plans.find((p) => p.planId === state.plan) ?? plans[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="总览"
        extra={<span style={{ color: '#888', fontSize: 12 }}>截至 {formatDate(overview.data.today)}</span>}
        styles={{ body: { paddingBottom: 8 } }}
      >
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Select
            aria-label="选择工作要点"
            style={{ minWidth: 220, maxWidth: '100%' }}
            value={plan.planId}
            onChange={(v) => set({ plan: v, section: null, point: null, task: null, rpage: null, kpage: null, mpage: null })}
            options={plans.map((p) => ({ value: p.planId, label: p.title }))}
          />
          <SummaryButtons planId={plan.planId} />
        </Space>
      </Card>
      <PlanFigures plan={plan} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Drill planId={plan.planId} state={state} set={set} />
        </Col>
        <Col xs={24} lg={10}>
          <Ranking
            planId={plan.planId}
            page={Number(state.kpage)}
            pageSize={Number(state.kpageSize)}
            order={state.korder === 'desc' ? 'desc' : 'asc'}
            onChange={(c) => set(c, false)}
          />
        </Col>
      </Row>
      <UnitMatrix
        planId={plan.planId}
        page={Number(state.mpage)}
        pageSize={Number(state.mpageSize)}
        onPage={(mpage, mpageSize) => set({ mpage, mpageSize }, false)}
      />
      <RedList planId={plan.planId} page={Number(state.rpage)} onPage={(rpage) => set({ rpage }, false)} />
      <Trend planId={plan.planId} />
    </Space>
  );
}

function PlanFigures({ plan }: { plan: OverviewPlan }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} lg={8}>
        <Card title="完成率" size="small">
          <Suspense fallback={chartFallback}>
            <Gauge value={plan.completionRate} name="完成率" color="#1677ff" />
          </Suspense>
          <div data-testid="completion-rate" style={{ textAlign: 'center' }}>
            完成率 {rate(plan.completionRate)}（{plan.approved}/{plan.assignments - plan.cancelled}）
          </div>
        </Card>
      </Col>
      <Col xs={24} sm={12} lg={8}>
        <Card title="按时完成率" size="small">
          <Suspense fallback={chartFallback}>
            <Gauge value={plan.onTimeRate} name="按时完成率" color="#52c41a" />
          </Suspense>
          <div style={{ textAlign: 'center' }}>
            按时完成率 {rate(plan.onTimeRate)}
            {plan.onTimeRate === null && '（尚无通过审核的任务）'}
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="概况" size="small" style={{ height: '100%' }}>
          <Row gutter={[8, 16]}>
            <Col span={12}>
              <Statistic title="分派总数" value={plan.assignments} />
            </Col>
            <Col span={12}>
              <Statistic title="已完成" value={plan.approved} />
            </Col>
            <Col span={12}>
              <Statistic title="逾期未完成" value={plan.overdue} styles={{ content: { color: plan.overdue ? '#cf1322' : undefined } }} />
            </Col>
            <Col span={12}>
              <Statistic title="平均进度" value={plan.avgProgress === null ? '—' : formatPercent(plan.avgProgress)} />
            </Col>
            <Col span={24}>
              整体状态：
              <LightTag light={plan.light} />
            </Col>
          </Row>
        </Card>
      </Col>
    </Row>
  );
}

function SummaryButtons({ planId }: { planId: string }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  if (!can('summary:read')) return null;
  const get = (ext: 'docx' | 'md' | 'xlsx') => {
    setBusy(ext);
    downloadFile(`/api/plans/${planId}/summary.${ext}`, `年度工作总结.${ext}`)
      .then((r) => (r.saved ? void message.success('已开始下载') : void message.info(r.message)))
      .catch((e: unknown) => void message.error(errorText(e)))
      .finally(() => setBusy(null));
  };
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={busy === 'docx'} onClick={() => get('docx')}>
        年度总结 Word
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'md'} onClick={() => get('md')}>
        Markdown
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'xlsx'} onClick={() => get('xlsx')}>
        完成情况表 Excel
      </Button>
    </Space>
  );
}

type DrillState = { section: string; point: string; task: string; page: string; pageSize: string };

/** plan → section → point → task → assignments (each links to its page, where the evidence is). */
function Drill({
  planId,
  state,
  set,
}: {
  planId: string;
  state: DrillState;
  set: (c: Partial<Record<'section' | 'point' | 'task' | 'page' | 'pageSize', string | number | null>>, resetPage?: boolean) => void;
}) {
  const level = state.task ? 'assignments' : state.point ? 'task' : state.section ? 'point' : 'section';
  const [labels, setLabels] = useState<Record<string, string>>({});
  const rollup = useQuery({
    enabled: level !== 'assignments',
    queryKey: ['rollup', planId, level, state.section, state.point],
    queryFn: () =>
      ok(
        api.GET('/api/plans/{id}/rollup', {
          params: {
            path: { id: planId },
            query: { by: level as 'section' | 'point' | 'task', section: state.section || undefined, point: state.point || undefined },
          },
        }),
      ),
  });
  const assignments = useQuery({
    enabled: level === 'assignments',
    queryKey: ['rollup-assignments', planId, state.task, state.page, state.pageSize],
    queryFn: () =>
      ok<Page<RollupAssignment>>(
        api.GET('/api/plans/{id}/rollup/assignments', {
          params: { path: { id: planId }, query: { task: state.task, page: Number(state.page), pageSize: Number(state.pageSize) } },
        }),
      ),
  });
  const down = useCallback(
    (key: string, label?: string) => {
      if (!key) return;
      if (label) setLabels((l) => ({ ...l, [key]: label }));
      if (level === 'section') set({ section: key, point: null, task: null });
      else if (level === 'point') set({ point: key, task: null });
      else if (level === 'task') set({ task: key });
    },
    [level, set],
  );
  const rows = useMemo(() => rollup.data?.rows ?? [], [rollup.data]);
  // stable inputs, so the chart is drawn again only when the figures change, not on every render
  const bars = useMemo(() => rows.map((r) => ({ key: r.key, label: r.label, rate: r.completionRate })), [rows]);
  const onBar = useCallback((k: string) => down(k, rows.find((r) => r.key === k)?.label), [down, rows]);
  const crumbs = [
    { title: <a onClick={() => set({ section: null, point: null, task: null })}>全部章节</a> },
    ...(state.section ? [{ title: <a onClick={() => set({ point: null, task: null })}>{labels[state.section] ?? '章节'}</a> }] : []),
    ...(state.point ? [{ title: <a onClick={() => set({ task: null })}>{labels[state.point] ?? '要点'}</a> }] : []),
    ...(state.task ? [{ title: labels[state.task] ?? '任务' }] : []),
  ];
  const title = { section: '各章节完成率', point: '各要点完成率', task: '各任务完成率', assignments: '各单位办理情况' }[level];
  const error = rollup.error ?? assignments.error;
  return (
    <Card title={title} size="small">
      <Breadcrumb items={crumbs} style={{ marginBottom: 8 }} />
      {error ? (
        <PageError error={error} retry={() => void (level === 'assignments' ? assignments.refetch() : rollup.refetch())} />
      ) : level === 'assignments' ? (
        <Table<RollupAssignment>
          rowKey="assignmentId"
          size="small"
          loading={assignments.isLoading}
          dataSource={assignments.data?.items}
          scroll={{ x: 560 }}
          locale={{ emptyText: '这项任务还没有分派给单位。科室负责人可在计划页面分派。' }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: assignments.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 个单位`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            {
              title: '单位',
              dataIndex: 'unitName',
              render: (v: string, r) => (
                <Link to={`/assignments/${r.assignmentId}`}>
                  {v}
                  {r.role !== 'responsible' && `（${ROLE_LABELS[r.role] ?? r.role}）`}
                </Link>
              ),
            },
            { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLORS[s]}>{STATE_LABELS[s] ?? s}</Tag> },
            { title: '进度', dataIndex: 'progressPercent', render: (p: number | null) => formatPercent(p) },
            { title: '灯', dataIndex: 'light', render: (l: string, r) => <LightTag light={l} reason={r.lightReason} /> },
            {
              title: '佐证',
              dataIndex: 'evidenceCount',
              render: (n: number, r) => <Link to={`/assignments/${r.assignmentId}`}>{n} 份</Link>,
            },
            { title: '时限', dataIndex: 'dueDate', render: formatDate },
          ]}
        />
      ) : (
        <>
          {rows.length > 0 && (
            <Suspense fallback={chartFallback}>
              <RateBars rows={bars} onClick={onBar} />
            </Suspense>
          )}
          <Table<RollupRow>
            rowKey="key"
            size="small"
            loading={rollup.isLoading}
            dataSource={rows}
            pagination={rows.length > 10 ? { pageSize: 10 } : false}
            scroll={{ x: 480 }}
            locale={{ emptyText: '这里还没有任务。科室负责人分解并分派任务后会显示完成情况。' }}
            columns={[
              {
                title: level === 'section' ? '章节' : level === 'point' ? '要点' : '任务',
                dataIndex: 'label',
                render: (v: string, r) => <a onClick={() => down(r.key, v)}>{v}</a>,
              },
              { title: '完成率', dataIndex: 'completionRate', render: (v: number) => rate(v) },
              { title: '逾期', dataIndex: 'overdue', render: (n: number) => (n ? <span style={{ color: '#cf1322' }}>{n}</span> : 0) },
              { title: '灯', dataIndex: 'light', render: (l: string) => <LightTag light={l} /> },
              ...(level === 'task'
                ? [{ title: '', key: 'open', render: (_: unknown, r: RollupRow) => <Link to={`/tasks/${r.key}`}>任务页</Link> }]
                : []),
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** Ranks are global (the API numbers every unit, then pages); 末位在前 turns the order, not the ranks. */
function Ranking({
  planId,
  page,
  pageSize,
  order,
  onChange,
}: {
  planId: string;
  page: number;
  pageSize: number;
  order: 'asc' | 'desc';
  onChange: (c: { kpage?: number | null; kpageSize?: number; korder?: string | null }) => void;
}) {
  const ranking = useQuery({
    queryKey: ['ranking', planId, page, pageSize, order],
    queryFn: () => ok(api.GET('/api/plans/{id}/ranking', { params: { path: { id: planId }, query: { page, pageSize, order } } })),
  });
  return (
    <Card
      title="单位排名"
      size="small"
      extra={
        <Select
          aria-label="排名顺序"
          size="small"
          value={order}
          onChange={(v) => onChange({ korder: v === 'asc' ? null : v, kpage: null })}
          options={[
            { value: 'asc', label: '名次在前' },
            { value: 'desc', label: '末位在前' },
          ]}
        />
      }
    >
      {ranking.error ? (
        <PageError error={ranking.error} retry={() => void ranking.refetch()} />
      ) : (
        <Table<RankedRow>
          rowKey="key"
          size="small"
          loading={ranking.isLoading}
          dataSource={ranking.data?.rows}
          pagination={{
            current: page,
            pageSize,
            total: ranking.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (kpage, kpageSize) => onChange({ kpage, kpageSize }),
            showTotal: (n) => `共 ${n} 个单位`,
          }}
          locale={{ emptyText: '还没有单位承担这项计划的任务。分派任务后会显示排名。' }}
          columns={[
            { title: '名次', dataIndex: 'rank', width: 56 },
            { title: '单位', dataIndex: 'label' },
            { title: '完成率', dataIndex: 'completionRate', render: (v: number) => rate(v) },
            { title: '逾期', dataIndex: 'overdue' },
            { title: '灯', dataIndex: 'light', render: (l: string) => <LightTag light={l} /> },
          ]}
        />
      )}
    </Card>
  );
}

/** Units × top-level sections: each cell's 完成率 and light; paged by unit on the server. */
function UnitMatrix({
  planId,
  page,
  pageSize,
  onPage,
}: {
  planId: string;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const matrix = useQuery({
    queryKey: ['matrix', planId, page, pageSize],
    queryFn: () => ok<Matrix>(api.GET('/api/plans/{id}/matrix', { params: { path: { id: planId }, query: { page, pageSize } } })),
  });
  const cells = useMemo(() => new Map((matrix.data?.cells ?? []).map((c) => [`${c.unitId}|${c.sectionId}`, c])), [matrix.data]);
  return (
    <Card title="单位 × 章节" size="small">
      {matrix.error ? (
        <PageError error={matrix.error} retry={() => void matrix.refetch()} />
      ) : (
        <Table<Matrix['units'][number]>
          rowKey="key"
          size="small"
          loading={matrix.isLoading}
          dataSource={matrix.data?.units}
          scroll={{ x: 480 }}
          pagination={{
            current: page,
            pageSize,
            total: matrix.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: onPage,
            showTotal: (n) => `共 ${n} 个单位`,
          }}
          locale={{ emptyText: '还没有单位承担这项计划的任务。' }}
          columns={[
            { title: '单位', dataIndex: 'label', fixed: 'left' },
            ...(matrix.data?.sections ?? []).map((s) => ({
              title: s.label,
              key: s.key,
              render: (_: unknown, u: Matrix['units'][number]) => {
                const c = cells.get(`${u.key}|${s.key}`);
                return c ? (
                  <Space size={4}>
                    {rate(c.completionRate)}
                    <LightTag light={c.light} />
                  </Space>
                ) : (
                  '—'
                );
              },
            })),
          ]}
        />
      )}
    </Card>
  );
}

function RedList({ planId, page, onPage }: { planId: string; page: number; onPage: (page: number) => void }) {
  const pageSize = 10;
  const list = useQuery({
    queryKey: ['overdue', planId, page],
    queryFn: () => ok<Page<OverdueItem>>(api.GET('/api/rollups/overdue', { params: { query: { planId, page, pageSize } } })),
  });
  return (
    <Card title={<span style={{ color: '#cf1322' }}>逾期红榜{list.data ? `（${list.data.total}）` : ''}</span>} size="small">
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<OverdueItem>
          rowKey="assignmentId"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items}
          scroll={{ x: 640 }}
          locale={{ emptyText: '没有逾期未完成的任务。' }}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: onPage, showTotal: (n) => `共 ${n} 项` }}
          columns={[
            {
              title: '单位',
              dataIndex: 'unitName',
              render: (v: string, r) => <Link to={`/assignments/${r.assignmentId}`}>{v}</Link>,
            },
            {
              title: '任务',
              dataIndex: 'taskTitle',
              render: (v: string, r) => <Link to={`/tasks/${r.taskId}`}>{v}</Link>,
            },
            { title: '时限', dataIndex: 'dueDate', render: formatDate },
            {
              title: '逾期',
              dataIndex: 'daysOverdue',
              render: (d: number, r) => (
                <Tag color="red">
                  {d} 天（{r.workingDaysOverdue} 个工作日）
                </Tag>
              ),
            },
            { title: '状态', dataIndex: 'state', render: (s: string) => STATE_LABELS[s] ?? s },
          ]}
        />
      )}
    </Card>
  );
}

function Trend({ planId }: { planId: string }) {
  const trend = useQuery({
    queryKey: ['trend', planId],
    queryFn: () => ok(api.GET('/api/plans/{id}/trend', { params: { path: { id: planId } } })),
  });
  const points = trend.data?.points ?? [];
  return (
    <Card title="每周趋势" size="small">
      {trend.error ? (
        <PageError error={trend.error} retry={() => void trend.refetch()} />
      ) : trend.isLoading ? (
        chartFallback
      ) : points.length === 0 ? (
        <Empty description="还没有周快照。系统每周一 00:30 自动记录一次，下周起这里显示完成率的变化。" />
      ) : (
        <Suspense fallback={chartFallback}>
          <TrendLine points={points} />
          <Typography.Text type="secondary">
            最近一周（{formatDate(points[points.length - 1].week)}起）：完成率 {rate(points[points.length - 1].completionRate)}
          </Typography.Text>
        </Suspense>
      )}
    </Card>
  );
}
