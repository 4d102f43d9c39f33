import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Input, Select, Space, Tabs } from 'antd';
import { api, ok } from '../api/client';
import type { InboxItem, Page } from '../api/types';
import { useAuth } from '../auth';
import { InboxTable } from '../components/InboxTable';
import { PageError } from '../components/PageError';
import { useUrlState } from '../hooks';

interface Summary {
  actions: { total: number; overdue: number };
  reviews: { total: number; overdue: number };
  changeRequests: { total: number };
}

/** 待我处理: what the signed-in user's units must do, overdue first. */
export function InboxPage() {
  const { can } = useAuth();
  const [state, set] = useUrlState({ tab: 'actions', page: '1', pageSize: '20', q: '', overdue: '' });
  const filters = { q: state.q || undefined, overdue: (state.overdue || undefined) as 'true' | 'false' | undefined };
  const summary = useQuery({
    queryKey: ['inbox-summary', state.q, state.overdue],
    queryFn: () => ok<Summary>(api.GET('/api/inbox/summary', { params: { query: filters } })),
  });
  const list = useQuery({
    queryKey: ['inbox', state],
    queryFn: () => {
      const query = { ...filters, page: Number(state.page), pageSize: Number(state.pageSize) };
      return ok<Page<InboxItem>>(
        state.tab === 'reviews'
          ? api.GET('/api/inbox/reviews', { params: { query } })
          : api.GET('/api/inbox/actions', { params: { query } }),
      );
    },
  });
  const tabLabel = (text: string, n?: number, overdue?: number) => (
    <Space>
      {text}
      <Badge count={n ?? 0} showZero color={overdue ? '#cf1322' : '#1677ff'} />
    </Space>
  );
  const items = [
    { key: 'actions', label: tabLabel('待我办理', summary.data?.actions.total, summary.data?.actions.overdue) },
    ...(can('assignments:review')
      ? [{ key: 'reviews', label: tabLabel('待我审核', summary.data?.reviews.total, summary.data?.reviews.overdue) }]
      : []),
  ];
  return (
    <Card title="待我处理">
      <Space style={{ marginBottom: 8 }} wrap>
        <Input.Search
          placeholder="按任务或计划搜索"
          allowClear
          defaultValue={state.q}
          onSearch={(q) => set({ q })}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 140 }}
          value={state.overdue}
          onChange={(overdue) => set({ overdue })}
          options={[
            { value: '', label: '全部' },
            { value: 'true', label: '只看逾期' },
            { value: 'false', label: '未逾期' },
          ]}
        />
        {summary.data && summary.data.actions.overdue > 0 && (
          <span style={{ color: '#cf1322' }}>逾期 {summary.data.actions.overdue} 项，请优先办理</span>
        )}
      </Space>
      <Tabs activeKey={state.tab} onChange={(tab) => set({ tab })} items={items} />
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <InboxTable
          data={list.data}
          loading={list.isLoading}
          page={Number(state.page)}
          pageSize={Number(state.pageSize)}
          onPage={(page, pageSize) => set({ page, pageSize }, false)}
          empty={
            state.q || state.overdue
              ? '没有符合条件的任务，请调整筛选条件'
              : state.tab === 'reviews'
                ? '没有待审核的成果。单位提交后会出现在这里。'
                : '暂无待办任务。科室分派任务后会出现在这里。'
          }
        />
      )}
    </Card>
  );
}
