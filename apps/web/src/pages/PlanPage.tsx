import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Empty, Form, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ok, uploadFile } from '../api/client';
import type { Page, TaskItem } from '../api/types';
import { useAuth } from '../auth';
import { PageError } from '../components/PageError';
import { UnitSelect } from '../components/UnitSelect';
import { formatDate } from '../format';
import { useErrorToast, useUrlState } from '../hooks';
import { CADENCE_LABELS, PLAN_STATUS, UNIT_TYPES } from '../labels';

interface PlanView {
  id: string;
  title: string;
  year: number | null;
  status: string;
  confirmedAt: string | null;
  pointCount: number;
}

const TAGS = ['小学', '初中', '幼儿园', '九年一贯制', '完全中学', '高中', '公办', '民办'];

/** A confirmed plan: decomposition and the assignment board. */
export function PlanPage() {
  const { id = '' } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const queryClient = useQueryClient();
  const [state, set] = useUrlState({ page: '1', pageSize: '20' });
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState<TaskItem[] | null>(null);

  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => ok<PlanView>(api.GET('/api/plans/{id}', { params: { path: { id } } })) });
  const tasks = useQuery({
    queryKey: ['tasks', id, state],
    queryFn: () =>
      ok<Page<TaskItem>>(
        api.GET('/api/tasks', { params: { query: { planId: id, page: Number(state.page), pageSize: Number(state.pageSize) } } }),
      ),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['tasks', id] });
  const decompose = useMutation({
    mutationFn: () => ok(api.POST('/api/plans/{planId}/tasks/decompose', { params: { path: { planId: id } }, body: {} })),
    onSuccess: (r) => {
      void message.success(r.created ? `已生成 ${r.created} 项任务` : '所有要点都已分解过');
      refresh();
    },
    onError: toast,
  });
  const patch = useMutation({
    mutationFn: ({ task, body }: { task: TaskItem; body: Record<string, unknown> }) =>
      ok(api.PATCH('/api/tasks/{id}', { params: { path: { id: task.id } }, body: { version: task.version, ...body } })),
    onSuccess: () => {
      void message.success('已保存');
      refresh();
    },
    onError: toast,
  });

  if (plan.error) return <PageError error={plan.error} retry={() => void plan.refetch()} />;
  const manage = can('tasks:manage');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card loading={plan.isLoading}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {plan.data?.title}
        </Typography.Title>
        <Space wrap>
          {can('plans:import') && <RevisionUpload planId={id} />}
          <Tag color={PLAN_STATUS[plan.data?.status ?? '']?.color}>{PLAN_STATUS[plan.data?.status ?? '']?.text}</Tag>
          <span>年度：{plan.data?.year ? `${plan.data.year}年` : '—'}</span>
          <span>要点：{plan.data?.pointCount ?? 0} 条</span>
          <span>确认日期：{formatDate(plan.data?.confirmedAt)}</span>
        </Space>
      </Card>
      <Card
        title="任务分解与分派"
        extra={
          manage && (
            <Space>
              <Button
                disabled={!selected.length}
                onClick={() => setAssigning((tasks.data?.items ?? []).filter((t) => selected.includes(t.id)))}
              >
                批量分派（{selected.length}）
              </Button>
              <Button type="primary" loading={decompose.isPending} onClick={() => decompose.mutate()}>
                分解为任务
              </Button>
            </Space>
          )
        }
      >
        {tasks.error ? (
          <PageError error={tasks.error} retry={() => void tasks.refetch()} />
        ) : (
          <Table<TaskItem>
            rowKey="id"
            loading={tasks.isLoading}
            dataSource={tasks.data?.items}
            rowSelection={manage ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
            locale={{
              emptyText: <Empty description={manage ? '还没有任务。点击右上角“分解为任务”，每条要点生成一项任务。' : '还没有任务'} />,
            }}
            pagination={{
              current: Number(state.page),
              pageSize: Number(state.pageSize),
              total: tasks.data?.total ?? 0,
              showTotal: (t) => `共 ${t} 项`,
              onChange: (page, pageSize) => set({ page, pageSize }, false),
            }}
            columns={[
              { title: '任务', dataIndex: 'title', render: (t: string, task) => <Link to={`/tasks/${task.id}`}>{t}</Link> },
              {
                title: '负责科室',
                dataIndex: 'ownerUnitName',
                width: 200,
                render: (name: string | null, task) =>
                  manage ? (
                    <UnitSelect
                      type="department"
                      ariaLabel="负责科室"
                      value={task.ownerUnitId ?? undefined}
                      placeholder={name ?? '选择科室'}
                      onChange={(v) => typeof v === 'string' && patch.mutate({ task, body: { ownerUnitId: v } })}
                    />
                  ) : (
                    (name ?? '—')
                  ),
              },
              {
                title: '完成时限',
                dataIndex: 'dueDate',
                width: 200,
                render: (due: string | null, task) =>
                  manage ? (
                    <DatePicker
                      aria-label="完成时限"
                      style={{ width: 170 }}
                      value={due ? dayjs(due) : null}
                      format="YYYY年M月D日"
                      allowClear={false}
                      onChange={(d) => d && patch.mutate({ task, body: { dueDate: d.format('YYYY-MM-DD') } })}
                    />
                  ) : (
                    formatDate(due)
                  ),
              },
              {
                title: '报告周期',
                dataIndex: 'cadence',
                width: 120,
                render: (c: string | null, task) =>
                  manage ? (
                    <Select
                      aria-label="报告周期"
                      value={c ?? ''}
                      style={{ width: 100 }}
                      onChange={(v) => patch.mutate({ task, body: { cadence: v || null } })}
                      options={[
                        { value: '', label: '不定期' },
                        ...Object.entries(CADENCE_LABELS).map(([value, label]) => ({ value, label })),
                      ]}
                    />
                  ) : (
                    (CADENCE_LABELS[c ?? ''] ?? '不定期')
                  ),
              },
              {
                title: '分派',
                width: 120,
                render: (_: unknown, task) =>
                  task.assignmentCount ? `${task.approvedCount ?? 0}/${task.assignmentCount} 已通过` : <Tag>未分派</Tag>,
              },
              ...(manage
                ? [
                    {
                      title: '操作',
                      width: 90,
                      render: (_: unknown, task: TaskItem) => (
                        <Button size="small" onClick={() => setAssigning([task])}>
                          分派
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {assigning && (
        <AssignModal
          tasks={assigning}
          onClose={(done) => {
            setAssigning(null);
            if (done) {
              setSelected([]);
              refresh();
            }
          }}
        />
      )}
    </Space>
  );
}

interface AssignForm {
  mode: 'set' | 'units';
  types?: string[];
  tags?: string[];
  role?: 'responsible' | 'cooperating';
  lead?: string;
  cooperating?: string[];
  dueDate?: dayjs.Dayjs;
}

/** Assign one or many tasks: to a set of units (by type and tags, one SQL statement each) or to named units. */
function AssignModal({ tasks, onClose }: { tasks: TaskItem[]; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<AssignForm>();
  const mode = Form.useWatch('mode', form) ?? 'set';
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [busy, setBusy] = useState(false);

  async function submit(v: AssignForm) {
    setBusy(true);
    let count = 0;
    try {
      for (const task of tasks) {
        const dueDate = v.dueDate?.format('YYYY-MM-DD');
        if (v.mode === 'set') {
          const r = await ok(
            api.POST('/api/tasks/{id}/assignments/bulk', {
              params: { path: { id: task.id } },
              body: {
                unitSet: {
                  types: v.types as ('school' | 'department')[] | undefined,
                  tags: v.tags?.length ? v.tags : undefined,
                  includeDescendants: true,
                },
                role: v.role ?? 'responsible',
                dueDate,
              },
            }),
          );
          count += r.created;
        } else {
          const units = [
            ...(v.lead ? [{ unitId: v.lead, role: 'lead' as const }] : []),
            ...(v.cooperating ?? []).map((unitId) => ({ unitId, role: 'cooperating' as const })),
          ];
          const r = await ok(api.POST('/api/tasks/{id}/assignments', { params: { path: { id: task.id } }, body: { units, dueDate } }));
          count += r.created;
        }
      }
      void message.success(`已分派 ${count} 个单位`);
      onClose(true);
    } catch (e) {
      toast(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={tasks.length > 1 ? `批量分派 ${tasks.length} 项任务` : `分派：${tasks[0].title}`}
      okText="分派"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ mode: 'set', types: ['school'], tags: ['小学'], role: 'responsible' }}
      >
        <Form.Item name="mode">
          <Radio.Group optionType="button">
            <Radio value="set">按单位类型或标签</Radio>
            <Radio value="units">指定牵头与配合单位</Radio>
          </Radio.Group>
        </Form.Item>
        <Tabs
          activeKey={mode}
          renderTabBar={() => <></>}
          items={[
            {
              key: 'set',
              label: '',
              children: (
                <>
                  <Form.Item name="types" label="单位类型">
                    <Select
                      mode="multiple"
                      aria-label="单位类型"
                      options={Object.entries(UNIT_TYPES).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Form.Item name="tags" label="标签（须同时具有）">
                    <Select mode="tags" aria-label="标签" options={TAGS.map((t) => ({ value: t, label: t }))} />
                  </Form.Item>
                  <Form.Item name="role" label="身份">
                    <Radio.Group>
                      <Radio value="responsible">责任单位</Radio>
                      <Radio value="cooperating">配合单位</Radio>
                    </Radio.Group>
                  </Form.Item>
                </>
              ),
            },
            {
              key: 'units',
              label: '',
              children: (
                <>
                  <Form.Item name="lead" label="牵头单位">
                    <UnitSelect ariaLabel="牵头单位" />
                  </Form.Item>
                  <Form.Item name="cooperating" label="配合单位">
                    <UnitSelect multiple ariaLabel="配合单位" />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        <Form.Item name="dueDate" label="完成时限（不填则用任务的时限）">
          <DatePicker format="YYYY年M月D日" aria-label="分派完成时限" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A revised document for this plan: opens a draft with the diff against the confirmed points. */
function RevisionUpload({ planId }: { planId: string }) {
  const navigate = useNavigate();
  const toast = useErrorToast();
  const [percent, setPercent] = useState<number | null>(null);
  return (
    <Upload
      accept=".txt,.docx,.pdf,.html,.htm,.xlsx"
      showUploadList={false}
      customRequest={({ file }) => {
        setPercent(0);
        uploadFile(`/api/plans/${planId}/import`, file as File, setPercent)
          .then(() => navigate(`/plans/${planId}/draft`))
          .catch(toast)
          .finally(() => setPercent(null));
      }}
    >
      <Button size="small" loading={percent !== null}>
        {percent !== null ? `上传中 ${percent}%` : '导入修订稿'}
      </Button>
    </Upload>
  );
}
