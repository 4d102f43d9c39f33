import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Input, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { Page } from '../api/types';
import { PageError } from '../components/PageError';
import { formatDate, formatDateTime } from '../format';
import { useErrorToast, useUrlState } from '../hooks';

interface ChangeRequestRow {
  id: string;
  kind: 'adjust' | 'cancel';
  kindLabel: string;
  proposed: Record<string, unknown>;
  reason: string;
  requestedByName?: string | null;
  createdAt: string;
  taskId: string;
  taskTitle: string;
  dueDate: string | null;
}

const FIELD: Record<string, string> = { title: '标题', dueDate: '完成时限', targets: '指标', units: '责任单位', description: '具体内容' };

function describe(p: Record<string, unknown>): string {
  return Object.entries(p)
    .map(([k, v]) => `${FIELD[k] ?? k}：${k === 'dueDate' ? formatDate(String(v)) : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('；');
}

/** Adjustment and cancellation requests of the tasks this head's department owns. */
export function ChangeRequestsPage() {
  const [state, set] = useUrlState({ page: '1', pageSize: '20' });
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [returning, setReturning] = useState<ChangeRequestRow | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['change-requests', state],
    queryFn: () =>
      ok<Page<ChangeRequestRow>>(
        api.GET('/api/inbox/change-requests', { params: { query: { page: Number(state.page), pageSize: Number(state.pageSize) } } }),
      ),
  });
  const decide = useMutation({
    mutationFn: ({ id, approve, reason }: { id: string; approve: boolean; reason?: string }) =>
      ok(
        approve
          ? api.POST('/api/change-requests/{id}/approve', { params: { path: { id } }, body: {} })
          : api.POST('/api/change-requests/{id}/return', { params: { path: { id } }, body: { reason } }),
      ),
    onSuccess: (_r, v) => {
      void message.success(v.approve ? '已批准，调整已生效' : '已退回');
      setReturning(null);
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['change-requests'] });
    },
    onError: toast,
  });
  return (
    <Card title="调整与取消审批">
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<ChangeRequestRow>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty description="没有待审批的申请。单位或科室申请调整、取消任务后会出现在这里。" /> }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            { title: '任务', dataIndex: 'taskTitle', render: (t: string, r) => <Link to={`/tasks/${r.taskId}`}>{t}</Link> },
            {
              title: '类型',
              dataIndex: 'kindLabel',
              width: 100,
              render: (l: string, r) => <Tag color={r.kind === 'cancel' ? 'red' : 'blue'}>{l}</Tag>,
            },
            { title: '申请内容', render: (_: unknown, r) => (r.kind === 'cancel' ? '取消该任务' : describe(r.proposed)) },
            { title: '理由', dataIndex: 'reason' },
            { title: '申请时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
            {
              title: '操作',
              width: 150,
              render: (_: unknown, r) => (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, approve: true })}>
                    批准
                  </Button>
                  <Button size="small" danger onClick={() => setReturning(r)}>
                    退回
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
      <Modal
        open={!!returning}
        title="退回申请"
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        confirmLoading={decide.isPending}
        onCancel={() => setReturning(null)}
        onOk={() => returning && decide.mutate({ id: returning.id, approve: false, reason: reason.trim() })}
      >
        <Input.TextArea
          rows={3}
          placeholder="请填写退回理由"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label="退回理由"
        />
      </Modal>
    </Card>
  );
}
