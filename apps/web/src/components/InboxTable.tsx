import { Empty, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { InboxItem, Page } from '../api/types';
import { dueLabel, formatDate } from '../format';
import { ROLE_LABELS, STATE_COLORS } from '../labels';

/** Assignments in an inbox list, with due-soon and overdue badges; paging is the server's. */
export function InboxTable(props: {
  data?: Page<InboxItem>;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  empty: string;
}) {
  return (
    <Table<InboxItem>
      rowKey="id"
      scroll={{ x: 720 }}
      loading={props.loading}
      dataSource={props.data?.items}
      locale={{ emptyText: <Empty description={props.empty} /> }}
      pagination={{
        current: props.page,
        pageSize: props.pageSize,
        total: props.data?.total ?? 0,
        showTotal: (t) => `共 ${t} 项`,
        onChange: props.onPage,
      }}
      columns={[
        {
          title: '任务',
          dataIndex: 'taskTitle',
          render: (title: string, a) => (
            <div>
              <Link to={`/assignments/${a.id}`}>{title}</Link>
              <div style={{ color: '#888', fontSize: 12 }}>
                {a.planTitle} · {a.sectionNumber} 第 {a.pointNumber} 条
              </div>
            </div>
          ),
        },
        { title: '单位', dataIndex: 'unitName', width: 180, render: (n: string, a) => `${n}（${ROLE_LABELS[a.role] ?? a.role}）` },
        { title: '状态', dataIndex: 'stateLabel', width: 100, render: (l: string, a) => <Tag color={STATE_COLORS[a.state]}>{l}</Tag> },
        {
          title: '完成时限',
          dataIndex: 'dueDate',
          width: 220,
          render: (d: string, a) => {
            const badge = dueLabel(a.daysUntilDue, a.overdue);
            return (
              <span>
                {formatDate(d)}{' '}
                {(a.overdue || a.daysUntilDue <= 7) && a.state !== 'approved' && <Tag color={badge.color}>{badge.text}</Tag>}
              </span>
            );
          },
        },
      ]}
    />
  );
}
