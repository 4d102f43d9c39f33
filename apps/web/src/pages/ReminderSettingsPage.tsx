import { Alert, App, Button, Card, Radio, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, ok } from '../api/client';
import type { ReminderPreference } from '../api/types';
import { errorText } from '../hooks';
import { PageError } from '../components/PageError';

type Mode = 'immediate' | 'daily_digest';

/**
 * 提醒设置: every reminder e-mail links here (List-Unsubscribe). Immediate sends each reminder as it
 * falls due; the daily digest sends one e-mail a working morning instead. In-app messages stay one by one.
 */
export function ReminderSettingsPage() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const current = useQuery({
    queryKey: ['reminder-preference'],
    queryFn: () => ok<ReminderPreference>(api.GET('/api/me/reminder-preference')),
  });
  const [mode, setMode] = useState<Mode>('immediate');
  useEffect(() => {
    if (current.data) setMode(current.data.reminderMode === 'daily_digest' ? 'daily_digest' : 'immediate');
  }, [current.data]);
  const save = useMutation({
    mutationFn: (reminderMode: Mode) => ok(api.PUT('/api/me/reminder-preference', { body: { reminderMode } })),
    onSuccess: () => {
      void message.success('提醒方式已保存');
      void client.invalidateQueries({ queryKey: ['reminder-preference'] });
    },
  });
  if (current.error) return <PageError error={current.error} retry={() => void current.refetch()} />;
  return (
    <Card title="提醒设置" loading={current.isLoading} style={{ maxWidth: 560 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          临期、到期、逾期提醒和催办、督办单会发到您登记的邮箱，并在站内消息中逐条显示；没有登记邮箱的账号只收站内消息。
        </Typography.Paragraph>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <Space orientation="vertical">
            <Radio value="immediate">即时提醒：每条提醒到期即发一封邮件</Radio>
            <Radio value="daily_digest">每日汇总：每个工作日上午只发一封汇总邮件</Radio>
          </Space>
        </Radio.Group>
        {save.error && <Alert type="error" showIcon title={errorText(save.error)} role="alert" />}
        <Button type="primary" loading={save.isPending} disabled={current.data?.reminderMode === mode} onClick={() => save.mutate(mode)}>
          保存
        </Button>
      </Space>
    </Card>
  );
}
