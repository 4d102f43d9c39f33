import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ok, setAccessToken, WEB_CLIENT_HEADERS } from '../api/client';
import { useAuth } from '../auth';
import { errorText } from '../hooks';

/** Also shown instead of every page while the API answers 403 PASSWORD_CHANGE_REQUIRED. */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { reload, signOut } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { oldPassword: string; newPassword: string }) {
    setBusy(true);
    setError(null);
    try {
      const pair = await ok(
        api.POST('/api/auth/password', {
          body: { oldPassword: values.oldPassword, newPassword: values.newPassword },
          headers: WEB_CLIENT_HEADERS,
        }),
      );
      setAccessToken(pair.accessToken);
      await reload();
      void message.success('密码已修改，其他设备上的登录已失效');
      navigate('/', { replace: true });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const card = (
    <Card style={{ width: 420, maxWidth: '100%' }} title="修改密码">
      {forced && <Alert type="warning" showIcon title="您正在使用临时密码，请先设置新密码再继续使用。" style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          保存新密码
        </Button>
        {forced && (
          <Button type="link" block onClick={() => void signOut()}>
            退出登录
          </Button>
        )}
      </Form>
    </Card>
  );
  if (!forced) return card;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 16 }}>
      <div>
        <Typography.Title level={3} style={{ textAlign: 'center', color: '#b8292f' }}>
          督办 Duban
        </Typography.Title>
        {card}
      </div>
    </div>
  );
}
