import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { api, ok } from '../api/client';
import type {
  CalendarOverride,
  MailSettings,
  MailTestResult,
  Page,
  PlanListItem,
  PlanReminderSettings,
  UnitWebhook,
  UnitWebhookUpdate,
} from '../api/types';
import { PageError } from '../components/PageError';
import { UnitSelect } from '../components/UnitSelect';
import { formatDate } from '../format';
import { useAuth } from '../auth';
import { errorText, useErrorToast, useUrlState } from '../hooks';

const ROBOT = { dingtalk: '钉钉', wecom: '企业微信' } as const;

/** 系统设置 (admins): the bureau's holiday overrides, the units' chat robots, reminders, mail, the queue view. */
export function AdminSettingsPage() {
  const [state, set] = useUrlState({ tab: 'calendar', year: String(dayjs().year()), unit: '', plan: '' });
  return (
    <Card title="系统设置">
      <Tabs
        activeKey={state.tab}
        onChange={(tab) => set({ tab })}
        items={[
          {
            key: 'calendar',
            label: '节假日调整',
            children: state.tab === 'calendar' && <Calendar year={state.year} onYear={(year) => set({ year })} />,
          },
          {
            key: 'robots',
            label: '群机器人',
            children: state.tab === 'robots' && <Robots unit={state.unit} onUnit={(unit) => set({ unit })} />,
          },
          {
            key: 'reminders',
            label: '提醒设置',
            children: state.tab === 'reminders' && <Reminders plan={state.plan} onPlan={(plan) => set({ plan })} />,
          },
          { key: 'mail', label: '邮件设置', children: state.tab === 'mail' && <Mail /> },
          { key: 'queues', label: '队列监控', children: state.tab === 'queues' && <Queues /> },
        ]}
      />
    </Card>
  );
}

function Calendar({ year, onYear }: { year: string; onYear: (y: string) => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [form] = Form.useForm<{ date: Dayjs; kind: 'workday' | 'dayoff'; reason: string }>();
  const list = useQuery({
    queryKey: ['calendar-overrides', year],
    queryFn: () =>
      ok<CalendarOverride[]>(
        api.GET('/api/admin/calendar-overrides', { params: { query: { from: `${year}-01-01`, to: `${year}-12-31` } } }),
      ),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['calendar-overrides'] });
  const add = useMutation({
    mutationFn: (v: { date: Dayjs; kind: 'workday' | 'dayoff'; reason: string }) =>
      ok(
        api.PUT('/api/admin/calendar-overrides/{date}', {
          params: { path: { date: v.date.format('YYYY-MM-DD') } },
          body: { kind: v.kind, reason: v.reason.trim() },
        }),
      ),
    onSuccess: () => {
      void message.success('已保存');
      form.resetFields();
      refresh();
    },
    onError: toast,
  });
  const remove = useMutation({
    mutationFn: (date: string) => ok(api.DELETE('/api/admin/calendar-overrides/{date}', { params: { path: { date } } })),
    onSuccess: () => {
      void message.success('已恢复为国家法定安排');
      refresh();
    },
    onError: toast,
  });
  const thisYear = dayjs().year();
  return (
    <>
      <Typography.Paragraph type="secondary">
        国家法定节假日和调休已内置。本局另行放假或上班的日子在这里登记：提醒、逾期工作日和督办单颜色都按调整后的日历计算。
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => add.mutate(v)} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="kind" label="安排" initialValue="dayoff" rules={[{ required: true }]}>
          <Select
            style={{ width: 110 }}
            options={[
              { value: 'dayoff', label: '放假' },
              { value: 'workday', label: '上班' },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
          <Input maxLength={200} placeholder="如：本局运动会放假" style={{ width: 240 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={add.isPending}>
            添加
          </Button>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        年份
        <Select
          aria-label="年份"
          style={{ width: 110 }}
          value={year}
          onChange={onYear}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: `${y}年` }))}
        />
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<CalendarOverride>
          rowKey="date"
          size="small"
          loading={list.isLoading}
          dataSource={list.data}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: `${year}年没有本局的调整，按国家法定安排。需要另行放假或上班时，在上方添加。` }}
          columns={[
            { title: '日期', dataIndex: 'date', render: formatDate },
            {
              title: '安排',
              dataIndex: 'kind',
              render: (k: string) => (k === 'dayoff' ? <Tag color="green">放假</Tag> : <Tag color="blue">上班</Tag>),
            },
            { title: '原因', dataIndex: 'reason' },
            { title: '登记人', dataIndex: 'createdByName', render: (v: string | null) => v ?? '—' },
            {
              title: '',
              key: 'del',
              render: (_: unknown, r) => (
                <Popconfirm
                  title="删除后这一天按国家法定安排，确定吗？"
                  okText="删除"
                  cancelText="取消"
                  onConfirm={() => remove.mutate(r.date)}
                >
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

function Robots({ unit, onUnit }: { unit: string; onUnit: (u: string) => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [form] = Form.useForm<{ unitId: string; kind: 'dingtalk' | 'wecom'; url: string; secret?: string }>();
  const list = useQuery({
    queryKey: ['unit-webhooks', unit],
    queryFn: () => ok<UnitWebhook[]>(api.GET('/api/admin/unit-webhooks', { params: { query: unit ? { unitId: unit } : {} } })),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['unit-webhooks'] });
  const create = useMutation({
    mutationFn: (v: { unitId: string; kind: 'dingtalk' | 'wecom'; url: string; secret?: string }) =>
      ok(
        api.POST('/api/admin/unit-webhooks', {
          body: { unitId: v.unitId, kind: v.kind, url: v.url.trim(), secret: v.secret?.trim() || undefined },
        }),
      ),
    onSuccess: () => {
      void message.success('已添加机器人');
      form.resetFields();
      refresh();
    },
    onError: toast,
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: UnitWebhookUpdate }) =>
      ok(api.PATCH('/api/admin/unit-webhooks/{id}', { params: { path: { id } }, body })),
    onSuccess: refresh,
    onError: toast,
  });
  const remove = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/admin/unit-webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void message.success('已删除');
      refresh();
    },
    onError: toast,
  });
  return (
    <>
      <Typography.Paragraph type="secondary">
        催办、督办和到期提醒会同时发到单位的钉钉或企业微信群。机器人地址中的 access_token 和加签密钥保存后不再显示；要更换时重新填写。
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => create.mutate(v)} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
          <UnitSelect style={{ width: 200 }} ariaLabel="机器人所属单位" />
        </Form.Item>
        <Form.Item name="kind" label="类型" initialValue="dingtalk">
          <Select style={{ width: 120 }} options={Object.entries(ROBOT).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="url"
          label="Webhook 地址"
          rules={[{ required: true, pattern: /^https?:\/\/\S+$/, message: '请填写以 https:// 开头的地址' }]}
        >
          <Input style={{ width: 280 }} placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" autoComplete="off" />
        </Form.Item>
        <Form.Item name="secret" label="加签密钥">
          <Input.Password style={{ width: 180 }} placeholder="可不填" autoComplete="new-password" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            添加
          </Button>
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 8 }}>
        按单位筛选
        <UnitSelect style={{ width: 220 }} value={unit || undefined} onChange={(v) => onUnit(String(v ?? ''))} ariaLabel="按单位筛选" />
        {unit && <Button onClick={() => onUnit('')}>全部单位</Button>}
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<UnitWebhook>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data}
          scroll={{ x: 720 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有配置群机器人。在上方选择单位并填写钉钉或企业微信机器人的地址。' }}
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            { title: '类型', dataIndex: 'kind', render: (k: UnitWebhook['kind']) => ROBOT[k] },
            { title: '地址（已隐去令牌）', dataIndex: 'url', render: (u: string) => <Typography.Text code>{u}</Typography.Text> },
            { title: '加签', dataIndex: 'hasSecret', render: (h: boolean) => (h ? '已设置' : '未设置') },
            {
              title: '启用',
              dataIndex: 'enabled',
              render: (on: boolean, r) => (
                <Switch checked={on} aria-label="启用" onChange={(enabled) => update.mutate({ id: r.id, body: { enabled } })} />
              ),
            },
            {
              title: '',
              key: 'del',
              render: (_: unknown, r) => (
                <Popconfirm title="删除这个机器人？" okText="删除" cancelText="取消" onConfirm={() => remove.mutate(r.id)}>
                  <Button size="small" type="link" danger>
                    删除
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      )}
    </>
  );
}

function Reminders({ plan, onPlan }: { plan: string; onPlan: (p: string) => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const plans = useQuery({
    queryKey: ['plans-for-settings'],
    queryFn: () => ok<Page<PlanListItem>>(api.GET('/api/plans', { params: { query: { page: 1, pageSize: 100 } } })),
  });
  const settings = useQuery({
    enabled: !!plan,
    queryKey: ['reminder-settings', plan],
    queryFn: () => ok<PlanReminderSettings>(api.GET('/api/plans/{planId}/reminder-settings', { params: { path: { planId: plan } } })),
  });
  const save = useMutation({
    mutationFn: (v: { beforeDays: string; escalateAfterDays: number; digestAfterDays: number }) =>
      ok(
        api.PUT('/api/plans/{planId}/reminder-settings', {
          params: { path: { planId: plan } },
          body: {
            beforeDays: v.beforeDays
              .split(/[,，、\s]+/)
              .filter(Boolean)
              .map(Number),
            escalateAfterDays: v.escalateAfterDays,
            digestAfterDays: v.digestAfterDays,
          },
        }),
      ),
    onSuccess: () => {
      void message.success('已保存');
      void queryClient.invalidateQueries({ queryKey: ['reminder-settings', plan] });
    },
    onError: toast,
  });
  const s = settings.data;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        工作要点
        <Select
          aria-label="选择工作要点"
          style={{ width: 300, maxWidth: '100%' }}
          placeholder="请选择"
          loading={plans.isLoading}
          value={plan || undefined}
          onChange={onPlan}
          options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.title }))}
        />
      </Space>
      {!plan && <Typography.Paragraph type="secondary">选择一项工作要点，设置到期前提醒的天数和逾期上报的天数。</Typography.Paragraph>}
      {settings.error && <PageError error={settings.error} retry={() => void settings.refetch()} />}
      {s && (
        <Form
          key={`${plan}-${s.beforeDays.join()}`}
          layout="vertical"
          style={{ maxWidth: 420 }}
          initialValues={{
            beforeDays: s.beforeDays.join('，'),
            escalateAfterDays: s.escalateAfterDays,
            digestAfterDays: s.digestAfterDays,
          }}
          onFinish={(v) => save.mutate(v)}
        >
          {s.isDefault && <Alert type="info" showIcon title="这项计划使用默认设置" style={{ marginBottom: 12 }} />}
          <Form.Item name="beforeDays" label="到期前几个工作日提醒（用逗号分隔）" rules={[{ required: true, message: '请填写' }]}>
            <Input placeholder="7，3，1" />
          </Form.Item>
          <Form.Item name="escalateAfterDays" label="逾期几个工作日后上报科室负责人" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="digestAfterDays" label="逾期几个工作日后列入领导周报" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={1} max={120} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            保存
          </Button>
          {s.updatedByName && <Typography.Text type="secondary"> 最近由 {s.updatedByName} 修改</Typography.Text>}
        </Form>
      )}
    </>
  );
}

function Queues() {
  const toast = useErrorToast();
  const open = useMutation({
    // the API copies this session's access token into an httpOnly cookie for /admin/queues (10 minutes)
    mutationFn: () => ok(api.POST('/api/admin/queues/session', { params: { header: { 'x-duban-client': 'web' } } })),
    onSuccess: () => window.location.assign('/admin/queues'),
    onError: toast,
  });
  return (
    <>
      <Typography.Paragraph>
        队列监控（bull-board）列出邮件、群机器人和站内消息的发送队列：待发、失败及失败原因，可重试。
      </Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        title="只有系统管理员可以打开"
        description={
          <>
            点击下方按钮时，系统为本次登录签发一个只对队列监控有效、10 分钟后失效的 Cookie（脚本不可读取，不能跨站使用）；
            过期后从这里重新打开即可。也可以不经网页，直接带上管理员的访问令牌（
            <Typography.Text code>Authorization: Bearer …</Typography.Text>
            ）访问 <Typography.Text code>/admin/queues</Typography.Text>。
          </>
        }
        style={{ marginBottom: 12 }}
      />
      <Button type="primary" loading={open.isPending} onClick={() => open.mutate()}>
        打开队列监控
      </Button>
    </>
  );
}

/** 邮件设置: read-only (the environment decides), today's figures, and a test send to check it works. */
function Mail() {
  const { me } = useAuth();
  const [form] = Form.useForm<{ to?: string }>();
  const settings = useQuery({ queryKey: ['admin-mail'], queryFn: () => ok<MailSettings>(api.GET('/api/admin/mail')) });
  const own = useQuery({
    enabled: !!me,
    queryKey: ['user', me?.id],
    queryFn: () => ok(api.GET('/api/users/{id}', { params: { path: { id: me?.id ?? '' } } })),
  });
  const ownEmail = own.data?.email ?? '';
  const send = useMutation({
    mutationFn: (to: string) => ok<MailTestResult>(api.POST('/api/admin/mail/test', { body: to ? { to } : {} })),
    onSuccess: () => void settings.refetch(),
  });
  if (settings.error) return <PageError error={settings.error} retry={() => void settings.refetch()} />;
  const s = settings.data;
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="邮件设置由环境变量决定，页面上只读"
        description="发信服务器取自 SMTP_URL（其中的账号密码不显示），发件人取自 MAIL_FROM，邮件中的链接地址取自 PUBLIC_URL。要修改，请运维人员改环境变量后重启服务。"
      />
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }} aria-label="邮件配置">
        <Descriptions.Item label="SMTP 服务器（SMTP_URL）">{s ? `${s.host}:${s.port}${s.secure ? '（TLS）' : ''}` : '…'}</Descriptions.Item>
        <Descriptions.Item label="发件人（MAIL_FROM）">{s?.from ?? '…'}</Descriptions.Item>
        <Descriptions.Item label="站点地址（PUBLIC_URL）">{s?.publicUrl ?? '…'}</Descriptions.Item>
      </Descriptions>
      <Space size={48} style={{ marginBottom: 16 }}>
        <Statistic title="今日已发送" value={s?.sentToday ?? 0} loading={settings.isLoading} />
        <Statistic title="今日发送失败" value={s?.failedToday ?? 0} loading={settings.isLoading} />
        <Statistic title="累计放弃（死信）" value={s?.deadTotal ?? 0} loading={settings.isLoading} />
      </Space>
      <Typography.Title level={5}>发送测试邮件</Typography.Title>
      <Form form={form} layout="inline" onFinish={(v) => send.mutate((v.to ?? '').trim())} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="to" label="收件地址" rules={[{ type: 'email', message: '请填写有效的电子邮箱地址' }]}>
          <Input style={{ width: 280 }} placeholder={ownEmail || '本人账号的邮箱'} autoComplete="email" aria-label="测试邮件收件地址" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={send.isPending}>
            发送测试邮件
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary">
        不填地址则发往您账号的邮箱{ownEmail ? `（${ownEmail}）` : ''}。发送最多等待 10 秒。
      </Typography.Paragraph>
      {send.isSuccess && <Alert type="success" showIcon message={`测试邮件已由邮件服务器接收（Message-ID：${send.data.messageId}）`} />}
      {send.isError && <Alert type="error" showIcon message={errorText(send.error)} />}
    </>
  );
}
