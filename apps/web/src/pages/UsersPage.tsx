import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Empty, Input, Select, Space, Table, Tag } from 'antd';
import { api, ok } from '../api/client';
import type { Page } from '../api/types';
import { ImportPanel } from '../components/ImportPanel';
import { PageError } from '../components/PageError';
import { useUrlState } from '../hooks';
import { GLOBAL_ROLES } from '../labels';

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  globalRoles: string[];
  units: { unitId: string; unitName: string; role: string }[];
  isActive: boolean;
  mustChangePassword: boolean;
}

type Role = 'admin' | 'leader' | 'department_head' | 'unit_member';

export function UsersPage() {
  const queryClient = useQueryClient();
  const [state, set] = useUrlState({ page: '1', pageSize: '20', q: '', role: '' });
  const list = useQuery({
    queryKey: ['users-admin', state],
    queryFn: () =>
      ok<Page<UserRow>>(
        api.GET('/api/users', {
          params: {
            query: {
              page: Number(state.page),
              pageSize: Number(state.pageSize),
              q: state.q || undefined,
              role: (state.role || undefined) as Role | undefined,
            },
          },
        }),
      ),
  });
  return (
    <Card
      title="用户管理"
      extra={
        <ImportPanel
          url="/api/users/import"
          title="导入用户"
          hint="上传 .csv 或 .xlsx，列为：用户名、姓名、角色（系统管理员/局领导/科室负责人/经办人）、所属单位编码（多个用 | 分隔）、邮箱。已有用户的密码不会改变；新用户的临时密码导入后显示一次。"
          onImported={() => void queryClient.invalidateQueries({ queryKey: ['users-admin'] })}
        />
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          placeholder="按用户名或姓名搜索"
          allowClear
          defaultValue={state.q}
          onSearch={(q) => set({ q })}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 160 }}
          value={state.role}
          onChange={(role) => set({ role })}
          options={[{ value: '', label: '全部角色' }, ...Object.entries(GLOBAL_ROLES).map(([value, label]) => ({ value, label }))]}
        />
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<UserRow>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          locale={{
            emptyText: (
              <Empty description={state.q || state.role ? '没有符合条件的用户，请调整筛选条件' : '还没有用户。请点击右上角“导入用户”。'} />
            ),
          }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 个用户`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            { title: '用户名', dataIndex: 'username', width: 160 },
            { title: '姓名', dataIndex: 'displayName', width: 120 },
            {
              title: '角色与单位',
              render: (_: unknown, u) => (
                <>
                  {u.globalRoles.map((r) => (
                    <Tag key={r} color="red">
                      {GLOBAL_ROLES[r] ?? r}
                    </Tag>
                  ))}
                  {u.units.map((m) => (
                    <Tag key={m.unitId}>
                      {m.unitName} · {GLOBAL_ROLES[m.role] ?? m.role}
                    </Tag>
                  ))}
                </>
              ),
            },
            {
              title: '状态',
              width: 140,
              render: (_: unknown, u) => (
                <>
                  {u.isActive ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>}
                  {u.mustChangePassword && <Tag color="orange">待改密码</Tag>}
                </>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
