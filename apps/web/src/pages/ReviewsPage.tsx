import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import { api, ok } from '../api/client';
import type { InboxItem, Page } from '../api/types';
import { InboxTable } from '../components/InboxTable';
import { PageError } from '../components/PageError';
import { useUrlState } from '../hooks';

/** The review queue: submissions and extension requests waiting for this reviewer; open one to preview its evidence. */
export function ReviewsPage() {
  const [state, set] = useUrlState({ page: '1', pageSize: '20' });
  const list = useQuery({
    queryKey: ['reviews', state],
    queryFn: () =>
      ok<Page<InboxItem>>(
        api.GET('/api/inbox/reviews', { params: { query: { page: Number(state.page), pageSize: Number(state.pageSize) } } }),
      ),
  });
  return (
    <Card title="审核队列">
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <InboxTable
          data={list.data}
          loading={list.isLoading}
          page={Number(state.page)}
          pageSize={Number(state.pageSize)}
          onPage={(page, pageSize) => set({ page, pageSize }, false)}
          empty="没有待审核的成果。单位提交成果或申请延期后会出现在这里，点开即可预览佐证材料并审核。"
        />
      )}
    </Card>
  );
}
