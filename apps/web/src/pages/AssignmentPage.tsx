import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Slider,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { AssignmentDetail, TaskDetail } from '../api/types';
import { EvidencePanel } from '../components/EvidencePanel';
import { SupervisePanel } from '../components/SupervisePanel';
import { PageError } from '../components/PageError';
import { dueLabel, formatDate, formatDateTime, formatPercent } from '../format';
import { useErrorToast } from '../hooks';
import { CADENCE_LABELS, ROLE_LABELS, STATE_COLORS, STATE_LABELS } from '../labels';

type Detail = AssignmentDetail & {
  actors: string[];
  extensionRequests: { id: string; requestedDue: string; reason: string; status: string }[];
};

type Act = 'start' | 'submit' | 'approve' | 'return' | 'request-extension' | 'cancel';

/** One unit's assignment: progress with target actuals, evidence, submission; for reviewers, approval or return. */
export function AssignmentPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [dialog, setDialog] = useState<Act | 'extension-deny' | null>(null);
  const [form] = Form.useForm();
  const detail = useQuery({
    queryKey: ['assignment', id],
    queryFn: () => ok<Detail>(api.GET('/api/assignments/{id}', { params: { path: { id } } })),
  });
  const taskId = detail.data?.task.id;
  const task = useQuery({
    queryKey: ['task', taskId],
    enabled: !!taskId,
    queryFn: () => ok<TaskDetail>(api.GET('/api/tasks/{id}', { params: { path: { id: taskId! } } })),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['assignment', id] });
    void queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    void queryClient.invalidateQueries({ queryKey: ['inbox'] });
  };
  const act = useMutation({
    mutationFn: async ({ action, body }: { action: Act; body: Record<string, unknown> }) => {
      const version = detail.data!.version;
      const path = { params: { path: { id } }, body: { version, ...body } };
      switch (action) {
        case 'start':
          return ok(api.POST('/api/assignments/{id}/start', path));
        case 'submit':
          return ok(api.POST('/api/assignments/{id}/submit', path));
        case 'approve':
          return ok(api.POST('/api/assignments/{id}/approve', path));
        case 'return':
          return ok(api.POST('/api/assignments/{id}/return', path));
        case 'request-extension':
          return ok(api.POST('/api/assignments/{id}/request-extension', path));
        case 'cancel':
          return ok(api.POST('/api/assignments/{id}/cancel', path));
      }
    },
    onSuccess: (_r, v) => {
      const done: Record<Act, string> = {
        start: '已开始办理',
        submit: '已提交审核',
        approve: '已审核通过',
        return: '已退回',
        'request-extension': '延期申请已提交',
        cancel: '已取消分派',
      };
      void message.success(done[v.action]);
      setDialog(null);
      form.resetFields();
      refresh();
    },
    onError: toast,
  });
  const extension = useMutation({
    mutationFn: ({ requestId, approve, reason }: { requestId: string; approve: boolean; reason?: string }) =>
      ok(
        approve
          ? api.POST('/api/extension-requests/{id}/approve', {
              params: { path: { id: requestId } },
              body: { version: detail.data!.version },
            })
          : api.POST('/api/extension-requests/{id}/deny', {
              params: { path: { id: requestId } },
              body: { version: detail.data!.version, reason },
            }),
      ),
    onSuccess: (_r, v) => {
      void message.success(v.approve ? '已同意延期' : '已不同意延期');
      setDialog(null);
      refresh();
    },
    onError: toast,
  });

  if (detail.error) return <PageError error={detail.error} retry={() => void detail.refetch()} />;
  if (!detail.data) return <Card loading />;
  const a = detail.data;
  const can = (x: AssignmentDetail['availableActions'][number]) => a.availableActions.includes(x);
  const isUnit = a.actors.includes('unit');
  const isReviewer = a.actors.includes('reviewer');
  const due = dueLabel(a.daysUntil, a.overdue);
  const pendingExtension = a.extensionRequests.find((r) => r.status === 'pending');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={a.task.title}
        extra={
          <Space wrap>
            {can('start') && <Button onClick={() => act.mutate({ action: 'start', body: {} })}>开始办理</Button>}
            {can('submit') && (
              <Button type="primary" onClick={() => act.mutate({ action: 'submit', body: {} })} loading={act.isPending}>
                提交审核
              </Button>
            )}
            {can('request_extension') && <Button onClick={() => setDialog('request-extension')}>申请延期</Button>}
            {can('approve') && (
              <Button type="primary" onClick={() => (a.overdue ? setDialog('approve') : act.mutate({ action: 'approve', body: {} }))}>
                审核通过
              </Button>
            )}
            {can('return') && (
              <Button danger onClick={() => setDialog('return')}>
                退回
              </Button>
            )}
            {can('approve_extension') && pendingExtension && (
              <Button onClick={() => extension.mutate({ requestId: pendingExtension.id, approve: true })}>同意延期</Button>
            )}
            {can('deny_extension') && pendingExtension && <Button onClick={() => setDialog('extension-deny')}>不同意延期</Button>}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="单位">
            {a.unit.name}（{ROLE_LABELS[a.role] ?? a.role}）
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            <Tag color={STATE_COLORS[a.state]}>{STATE_LABELS[a.state] ?? a.state}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="完成时限">
            {formatDate(a.dueDate)} {a.state !== 'approved' && a.state !== 'cancelled' && <Tag color={due.color}>{due.text}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="负责科室">{a.task.ownerUnitName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="报告周期">{CADENCE_LABELS[a.task.cadence ?? ''] ?? '不定期'}</Descriptions.Item>
          <Descriptions.Item label="任务">
            <Link to={`/tasks/${a.task.id}`}>查看任务与时间线</Link>
          </Descriptions.Item>
        </Descriptions>
        {pendingExtension && (
          <Typography.Paragraph type="warning">
            延期申请：新时限 {formatDate(pendingExtension.requestedDue)}，理由：{pendingExtension.reason}
          </Typography.Paragraph>
        )}
        <SupervisePanel
          assignmentId={a.id}
          open={a.state !== 'approved' && a.state !== 'cancelled'}
          urgeCount={a.urgeCount}
          lastUrgedAt={a.lastUrgedAt}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title="报告进展">
            {can('report_progress') ? (
              <ProgressForm assignmentId={id} cadence={a.task.cadence} targets={task.data?.targets ?? []} onDone={refresh} />
            ) : (
              <Typography.Text type="secondary">{isUnit ? '当前状态不能报告进展。' : '由承办单位报告进展。'}</Typography.Text>
            )}
            <Table
              style={{ marginTop: 16 }}
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={a.progressReports}
              locale={{ emptyText: <Empty description="还没有进展报告" /> }}
              columns={[
                { title: '完成', dataIndex: 'percent', width: 80, render: (p: number) => `完成率 ${formatPercent(p)}` },
                { title: '情况说明', dataIndex: 'narrative' },
                { title: '报告人', dataIndex: 'reportedByName', width: 90 },
                { title: '时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="佐证材料">
            <EvidencePanel
              assignmentId={id}
              canUpload={isUnit && !['approved', 'cancelled', 'submitted'].includes(a.state)}
              canReview={isReviewer && a.state === 'submitted'}
            />
          </Card>
        </Col>
      </Row>
      {a.reviewDecisions.length > 0 && (
        <Card title="审核记录">
          <Timeline
            items={a.reviewDecisions.map((r) => ({
              color: r.decision === 'approve' ? 'green' : 'red',
              content: `${formatDateTime(r.at)} ${r.decidedByName ?? ''} ${r.decision === 'approve' ? '审核通过' : '退回'}${r.reason ? `：${r.reason}` : ''}`,
            }))}
          />
        </Card>
      )}
      <Modal
        forceRender
        open={dialog !== null}
        title={
          {
            return: '退回',
            approve: '逾期审核通过',
            'request-extension': '申请延期',
            'extension-deny': '不同意延期',
            start: '',
            submit: '',
            cancel: '取消分派',
          }[dialog ?? 'start']
        }
        okText="确定"
        cancelText="取消"
        confirmLoading={act.isPending || extension.isPending}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { reason?: string; lateCloseReason?: string; newDueDate?: dayjs.Dayjs }) => {
            if (dialog === 'extension-deny' && pendingExtension)
              return extension.mutate({ requestId: pendingExtension.id, approve: false, reason: v.reason });
            if (dialog === 'approve') return act.mutate({ action: 'approve', body: { lateCloseReason: v.lateCloseReason } });
            if (dialog === 'request-extension')
              return act.mutate({
                action: 'request-extension',
                body: { reason: v.reason, newDueDate: v.newDueDate?.format('YYYY-MM-DD') },
              });
            if (dialog === 'return' || dialog === 'cancel') act.mutate({ action: dialog, body: { reason: v.reason } });
          }}
        >
          {dialog === 'approve' ? (
            <Form.Item name="lateCloseReason" label="已逾期，请说明原因" rules={[{ required: true, message: '请填写逾期原因' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          ) : (
            <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写理由' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
          {dialog === 'request-extension' && (
            <Form.Item name="newDueDate" label="新的完成时限" rules={[{ required: true, message: '请选择新的完成时限' }]}>
              <DatePicker format="YYYY年M月D日" disabledDate={(d) => d.isBefore(dayjs(a.dueDate), 'day')} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}

function currentPeriod(cadence: string | null): string | undefined {
  const d = dayjs();
  switch (cadence) {
    case 'month':
      return d.format('YYYY-MM');
    case 'quarter':
      return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
    case 'semester':
      return `${d.year()}-S${d.month() < 7 ? 1 : 2}`;
    case 'year':
      return String(d.year());
    case 'week': {
      // ISO week number, computed without a plugin
      const t = new Date(Date.UTC(d.year(), d.month(), d.date()));
      const day = t.getUTCDay() || 7;
      t.setUTCDate(t.getUTCDate() + 4 - day);
      const week = Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86400000 + 1) / 7);
      return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    }
    default:
      return undefined;
  }
}

function ProgressForm(props: { assignmentId: string; cadence: string | null; targets: TaskDetail['targets']; onDone: () => void }) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const report = useMutation({
    mutationFn: (v: { percent: number; narrative?: string; period?: string; actuals?: Record<string, number | null> }) =>
      ok(
        api.POST('/api/assignments/{id}/progress', {
          params: { path: { id: props.assignmentId } },
          body: {
            percent: v.percent,
            narrative: v.narrative,
            period: v.period || undefined,
            actuals: Object.entries(v.actuals ?? {})
              .filter(([, value]) => value !== null && value !== undefined)
              .map(([taskTargetId, value]) => ({ taskTargetId, value: value as number, asOf: dayjs().format('YYYY-MM-DD') })),
          },
        }),
      ),
    onSuccess: () => {
      void message.success('进展已报告');
      form.resetFields(['narrative']);
      props.onDone();
    },
    onError: toast,
  });
  return (
    <Form form={form} layout="vertical" onFinish={report.mutate} initialValues={{ percent: 50, period: currentPeriod(props.cadence) }}>
      <Form.Item name="percent" label="完成进度（%）">
        <Slider marks={{ 0: '0%', 50: '50%', 100: '100%' }} />
      </Form.Item>
      {props.cadence && (
        <Form.Item name="period" label="报告期">
          <Input placeholder="如 2024-03、2024-Q1" />
        </Form.Item>
      )}
      {props.targets.map((t) => (
        <Form.Item key={t.id} name={['actuals', t.id]} label={`${t.metric}（目标 ${t.comparator} ${t.value}${t.unit}）实际值`}>
          <InputNumber style={{ width: 200 }} suffix={t.unit || undefined} aria-label={`${t.metric}实际值`} />
        </Form.Item>
      ))}
      <Form.Item name="narrative" label="情况说明">
        <Input.TextArea rows={3} placeholder="已完成的工作、存在的问题与下一步安排" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={report.isPending}>
        报告进展
      </Button>
    </Form>
  );
}
