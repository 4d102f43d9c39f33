import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Empty, Input, Select, Space, Table, Tag } from 'antd';
import { api, ok } from '../api/client';
import type { OrgUnit, Page } from '../api/types';
import { ImportPanel } from '../components/ImportPanel';
import { PageError } from '../components/PageError';
import { useUrlState } from '../hooks';
import { UNIT_TYPES } from '../labels';

type UnitType = 'bureau' | 'department' | 'direct_unit' | 'school' | 'district_bureau';

export function UnitsPage() {
  const queryClient = useQueryClient();
  const [state, set] = useUrlState({ page: '1', pageSize: '20', q: '', type: '' });
  const list = useQuery({
    queryKey: ['units-admin', state],
    queryFn: () =>
      ok<Page<OrgUnit>>(
        api.GET('/api/org/units', {
          params: {
            query: {
              page: Number(state.page),
              pageSize: Number(state.pageSize),
              q: state.q || undefined,
              type: (state.type || undefined) as UnitType | undefined,
            },
          },
        }),
      ),
  });
  return (
    <Card
      title="单位管理"
      extra={
        <ImportPanel
          url="/api/org/units/import"
          title="导入单位"
          hint="上传 .csv 或 .xlsx，列为：code（单位编码）、name（名称）、short_names、aliases、type、tags、parent_code。先检查，逐行列出问题；没有问题才能导入。"
          onImported={() => void queryClient.invalidateQueries({ queryKey: ['units-admin'] })}
        />
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Input.Search
          placeholder="按名称、编码或别名搜索"
          allowClear
          defaultValue={state.q}
          onSearch={(q) => set({ q })}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 160 }}
          value={state.type}
          onChange={(type) => set({ type })}
          options={[{ value: '', label: '全部类型' }, ...Object.entries(UNIT_TYPES).map(([value, label]) => ({ value, label }))]}
        />
      </Space>
      {list.error ? (
        <PageError error={list.error} retry={() => void list.refetch()} />
      ) : (
        <Table<OrgUnit>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items}
          locale={{
            emptyText: (
              <Empty
                description={
                  state.q || state.type ? '没有符合条件的单位，请调整筛选条件' : '还没有单位。请点击右上角“导入单位”上传单位表。'
                }
              />
            ),
          }}
          pagination={{
            current: Number(state.page),
            pageSize: Number(state.pageSize),
            total: list.data?.total ?? 0,
            showTotal: (t) => `共 ${t} 个单位`,
            onChange: (page, pageSize) => set({ page, pageSize }, false),
          }}
          columns={[
            { title: '编码', dataIndex: 'code', width: 140 },
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'type', width: 120, render: (t: string) => UNIT_TYPES[t] ?? t },
            { title: '标签', dataIndex: 'tags', render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
            { title: '上级', dataIndex: 'parentName', width: 200, render: (n: string | null) => n ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}
