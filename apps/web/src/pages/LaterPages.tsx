import { Card, Empty } from 'antd';

/** The leader overview uses the roll-up API (another issue): this page waits for it. */
export function OverviewPage() {
  return (
    <Card title="总览">
      <Empty description="完成率、按时率与逾期清单将在汇总统计功能上线后显示。现在可在“工作要点”中查看各任务的办理情况。" />
    </Card>
  );
}

/** Notices (签收、反馈) use the reminders and notices API (another issue). */
export function NoticesPage() {
  return (
    <Card title="通知">
      <Empty description="催办与督办通知将在通知功能上线后显示在这里。现在请在“待我处理”中查看需要办理的任务。" />
    </Card>
  );
}
