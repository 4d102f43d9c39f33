import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Input, Select, Space, Table, Tag } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, ok } from '../api/client';
import type { Page, PlanListItem } from '../api/types';
import { useAuth } from '../auth';
import { PageError } from '../components/PageError';
import { formatDate } from '../format';
import { useUrlState } from '../hooks';
import { PLAN_STATUS } from '../labels';

export function PlansPage() {
  const navigate = useNavigate();
  const { can } = useAuth();
  const [state, set] = useUrlState({ page: '1', pageSize: '20', q: '', status: '' });
  const query = useQuery({
    queryKey: ['plans', state],
    queryFn: () =>
      ok<Page<PlanListItem>>(
        api.GET('/api/plans', {
          params: {
            query: {
              page: Number(state.page),
              pageSize: Number(state.pageSize),
              q: state.q || undefined,
              status: (state.status || undefined) as 'draft' | 'confirmed' | undefined,
            },
          },
        }),
      ),
  });
  const filtered = !!(state.q || state.status);
  return (
    <Card
      title="工作要点"
      extra={
        can('plans:import') && (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => navigate('/plans/import')}>
            导入工作要点
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search placeholder="按标题搜索" allowClear defaultValue={state.q} onSearch={(q) => set({ q })} style={{ width: 260 }} />
        <Select
          style={{ width: 140 }}
          value={state.status}
          onChange={(status) => set({ status })}
          options={[
            { value: '', label: '全部状态' },
            { value: 'draft', label: '草稿' },
            { value: 'confirmed', label: '已确认' },
          ]}
        />
      </Space>
      {query.error ? (
        <PageError error={query.error} retry={() => void query.refetch()} />
      ) : (
        <Table<PlanListItem>
          rowKey="id"
          loading={query.isLoading}
          dataSource={query.data?.items}
          locale={{
            emptyText: (
              <Empty
                description={
                  filtered
                    ? '没有符合条件的计划，请调整筛选条件'
                    : can('plans:import')
                      ? '还没有工作要点，请点击右上角“导入工作要点”上传文件'
                      : '还没有工作要点'
                }
              />
            ),
          }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: query.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            {
              title: '标题',
              dataIndex: 'title',
              render: (title: string, p) => <Link to={p.status === 'draft' ? `/plans/${p.id}/draft` : `/plans/${p.id}`}>{title}</Link>,
            },
            { title: '年度', dataIndex: 'year', width: 90, render: (y: number | null) => (y ? `${y}年` : '—') },
            {
              title: '状态',
              dataIndex: 'status',
              width: 100,
              render: (s: string) => <Tag color={PLAN_STATUS[s]?.color}>{PLAN_STATUS[s]?.text ?? s}</Tag>,
            },
            { title: '导入日期', dataIndex: 'createdAt', width: 160, render: formatDate },
            { title: '确认日期', dataIndex: 'confirmedAt', width: 160, render: formatDate },
          ]}
        />
      )}
    </Card>
  );
}
