import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="地址可能有误，或该内容已不在您的权限范围内。"
      extra={<Button onClick={() => navigate('/')}>回到首页</Button>}
    />
  );
}
