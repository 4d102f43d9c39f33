import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { Page } from '../api/types';
import { useAuth } from '../auth';
import { PageError } from '../components/PageError';
import { UnitSelect } from '../components/UnitSelect';
import { formatDate, formatDateTime } from '../format';
import { useErrorToast, useUrlState } from '../hooks';
import { NOTICE_COLOURS, NOTICE_STATES } from '../labels';

export interface NoticeView {
  id: string;
  number: string;
  assignmentId: string;
  taskId: string;
  taskTitle: string;
  unitName: string;
  departmentName: string | null;
  colour: string;
  colourLabel: string;
  reason: string;
  message: string;
  replyBy: string;
  replyOverdue: boolean;
  issuedOn: string;
  issuedByName: string | null;
  state: string;
  stateLabel: string;
  open: boolean;
  ageWorkingDays: number;
  signedByName: string | null;
  signedAt: string | null;
  reply: string | null;
  repliedByName: string | null;
  repliedAt: string | null;
}

interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  assignmentId: string | null;
  noticeId: string | null;
  readAt: string | null;
  createdAt: string;
}

/** 通知: 督办单 (签收, 反馈; the open ones per department with their age) and in-app messages. */
export function NoticesPage() {
  const [state, set] = useUrlState({ tab: 'notices', state: 'open', colour: '', department: '', page: '1', pageSize: '20', unread: '' });
  return (
    <Card title="通知">
      <Tabs
        activeKey={state.tab}
        onChange={(tab) => set({ tab, state: null, colour: null, department: null, unread: null })}
        items={[
          { key: 'notices', label: '督办单', children: state.tab === 'notices' && <NoticeList state={state} set={set} /> },
          { key: 'messages', label: <MessagesTab />, children: state.tab === 'messages' && <Messages state={state} set={set} /> },
        ]}
      />
    </Card>
  );
}

function MessagesTab() {
  const unread = useUnread();
  return (
    <Space size={4}>
      消息
      <Badge count={unread} />
    </Space>
  );
}

/** Unread in-app notifications (GET /api/inbox/summary's notifications.unread), for the header and the tab. */
export function useUnread(): number {
  const { can } = useAuth();
  const summary = useQuery({
    enabled: can('tasks:read'),
    queryKey: ['inbox-summary-unread'],
    queryFn: () => ok(api.GET('/api/inbox/summary')),
    refetchInterval: 60_000,
  });
  return summary.data?.notifications?.unread ?? 0;
}

type ListState = Record<'state' | 'colour' | 'department' | 'page' | 'pageSize' | 'unread', string>;
type SetState = (c: Partial<Record<string, string | number | null>>, resetPage?: boolean) => void;

function NoticeList({ state, set }: { state: ListState; set: SetState }) {
  const { can } = useAuth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [replying, setReplying] = useState<NoticeView | null>(null);
  const [reply, setReply] = useState('');
  const isUnit = can('assignments:work');
  const list = useQuery({
    queryKey: ['notices', state.state, state.colour, state.department, state.page, state.pageSize],
    queryFn: () =>
      ok<Page<NoticeView>>(
        api.GET('/api/notices', {
          params: {
            query: {
              state: (state.state || 'open') as 'open',
              colour: (state.colour || undefined) as 'red' | undefined,
              departmentId: state.department || undefined,
              page: Number(state.page),
              pageSize: Number(state.pageSize),
            },
          },
        }),
      ),
  });
  const done = (text: string) => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: ['notices'] });
  };
  const sign = useMutation({
    mutationFn: (n: NoticeView) => ok(api.POST('/api/notices/{id}/sign', { params: { path: { id: n.id } } })),
    onSuccess: () => done('已签收，请按要求办理并反馈'),
    onError: toast,
  });
  const answer = useMutation({
    mutationFn: ({ n, text }: { n: NoticeView; text: string }) =>
      ok(api.POST('/api/notices/{id}/reply', { params: { path: { id: n.id } }, body: { reply: text } })),
    onSuccess: () => {
      setReplying(null);
      setReply('');
      done('已反馈');
    },
    onError: toast,
  });
  const filtered = state.state !== 'open' || state.colour || state.department;
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label="状态"
          style={{ width: 140 }}
          value={state.state || 'open'}
          onChange={(v) => set({ state: v })}
          options={[
            { value: 'open', label: '未办结' },
            { value: 'issued', label: '待签收' },
            { value: 'signed', label: '已签收待反馈' },
            { value: 'answered', label: '已反馈' },
            { value: 'all', label: '全部' },
          ]}
        />
        <Select
          aria-label="颜色"
          style={{ width: 180 }}
          value={state.colour}
          onChange={(v) => set({ colour: v })}
          options={[{ value: '', label: '全部颜色' }, ...Object.entries(NOTICE_COLOURS).map(([value, c]) => ({ value, label: c.text }))]}
        />
        {!isUnit && (
          <UnitSelect
            type="department"
            style={{ width: 200 }}
            placeholder="督办科室（全部）"
            ariaLabel="督办科室"
            value={state.department || undefined}
            onChange={(v) => set({ department: String(v ?? '') })}
          />
        )}
        {!isUnit && state.department && <Button onClick={() => set({ department: null })}>全部科室</Button>}
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<NoticeView>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items}
          scroll={{ x: 900 }}
          locale={{
            emptyText: filtered
              ? '没有符合条件的督办单，请调整筛选条件'
              : isUnit
                ? '没有待办的督办单。收到督办单后请及时签收并反馈。'
                : '没有未办结的督办单。可在逾期或滞后的分派页面下发督办单。',
          }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 份`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          expandable={{
            expandedRowRender: (n) => (
              <div>
                <p>督办事由：{n.reason}</p>
                {n.message && <p>督办意见：{n.message}</p>}
                {n.signedAt && (
                  <p>
                    签收：{n.signedByName} {formatDateTime(n.signedAt)}
                  </p>
                )}
                {n.reply && (
                  <p>
                    反馈（{n.repliedByName} {formatDateTime(n.repliedAt)}）：{n.reply}
                  </p>
                )}
              </div>
            ),
          }}
          columns={[
            { title: '文号', dataIndex: 'number', width: 150 },
            {
              title: '颜色',
              dataIndex: 'colour',
              render: (c: string, n) => <Tag color={NOTICE_COLOURS[c]?.color}>{n.colourLabel || NOTICE_COLOURS[c]?.text}</Tag>,
            },
            { title: '单位', dataIndex: 'unitName' },
            { title: '任务', dataIndex: 'taskTitle', render: (v: string, n) => <Link to={`/assignments/${n.assignmentId}`}>{v}</Link> },
            { title: '督办科室', dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
            { title: '下发日期', dataIndex: 'issuedOn', render: formatDate },
            { title: '已历时', dataIndex: 'ageWorkingDays', render: (d: number) => `${d} 个工作日` },
            {
              title: '反馈期限',
              dataIndex: 'replyBy',
              render: (d: string, n) => (
                <span style={{ color: n.replyOverdue ? '#cf1322' : undefined }}>
                  {formatDate(d)}
                  {n.replyOverdue && '（已超期）'}
                </span>
              ),
            },
            {
              title: '状态',
              dataIndex: 'state',
              render: (s: string, n) => <Tag color={NOTICE_STATES[s]?.color}>{n.stateLabel || NOTICE_STATES[s]?.text}</Tag>,
            },
            ...(isUnit
              ? [
                  {
                    title: '操作',
                    key: 'act',
                    render: (_: unknown, n: NoticeView) =>
                      n.state === 'issued' ? (
                        <Button size="small" type="primary" loading={sign.isPending} onClick={() => sign.mutate(n)}>
                          签收
                        </Button>
                      ) : n.state === 'signed' ? (
                        <Button size="small" onClick={() => setReplying(n)}>
                          反馈
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={!!replying}
        title={`反馈督办单 ${replying?.number ?? ''}`}
        okText="提交反馈"
        cancelText="取消"
        okButtonProps={{ disabled: !reply.trim(), loading: answer.isPending }}
        onCancel={() => setReplying(null)}
        onOk={() => replying && answer.mutate({ n: replying, text: reply.trim() })}
      >
        <Typography.Paragraph type="secondary">{replying?.reason}</Typography.Paragraph>
        <Input.TextArea
          rows={4}
          maxLength={5000}
          aria-label="反馈内容"
          placeholder="请写明整改措施、当前进度和预计完成时间"
          value={reply}
          onChange={(e) => setReply(e.target.value)}
        />
      </Modal>
    </>
  );
}

function Messages({ state, set }: { state: ListState; set: SetState }) {
  const queryClient = useQueryClient();
  const toast = useErrorToast();
  const list = useQuery({
    queryKey: ['notifications', state.unread, state.page, state.pageSize],
    queryFn: () =>
      ok<Page<NotificationView> & { unread: number }>(
        api.GET('/api/notifications', {
          params: { query: { unread: state.unread ? true : undefined, page: Number(state.page), pageSize: Number(state.pageSize) } },
        }),
      ),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    void queryClient.invalidateQueries({ queryKey: ['inbox-summary-unread'] });
  };
  const read = useMutation({
    mutationFn: (id: string) => ok(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: refresh,
    onError: toast,
  });
  const readAll = useMutation({
    mutationFn: () => ok(api.POST('/api/notifications/read-all')),
    onSuccess: refresh,
    onError: toast,
  });
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label="已读状态"
          style={{ width: 140 }}
          value={state.unread}
          onChange={(v) => set({ unread: v })}
          options={[
            { value: '', label: '全部消息' },
            { value: 'true', label: '只看未读' },
          ]}
        />
        <Button disabled={!list.data?.unread} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          全部标为已读
        </Button>
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<NotificationView>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items}
          locale={{ emptyText: state.unread ? '没有未读消息。' : '还没有消息。催办、督办和到期提醒会显示在这里。' }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: list.data?.total ?? 0,
            showTotal: (n) => `共 ${n} 条`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            {
              title: '消息',
              dataIndex: 'title',
              render: (t: string, n) => (
                <div style={{ fontWeight: n.readAt ? 400 : 600 }}>
                  {!n.readAt && <Badge status="error" text="" />}
                  {n.assignmentId ? (
                    <Link to={`/assignments/${n.assignmentId}`} onClick={() => !n.readAt && read.mutate(n.id)}>
                      {t}
                    </Link>
                  ) : (
                    t
                  )}
                  <div style={{ color: '#666', fontWeight: 400, whiteSpace: 'pre-wrap' }}>{n.body}</div>
                </div>
              ),
            },
            { title: '时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
            {
              title: '',
              key: 'read',
              width: 90,
              render: (_: unknown, n) =>
                n.readAt ? (
                  <Typography.Text type="secondary">已读</Typography.Text>
                ) : (
                  <Button size="small" type="link" onClick={() => read.mutate(n.id)}>
                    标为已读
                  </Button>
                ),
            },
          ]}
        />
      )}
    </>
  );
}
