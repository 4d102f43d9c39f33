import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** A page that fails to render shows a way back instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title="页面出错了"
        subTitle="请刷新页面重试；如果问题仍然存在，请联系管理员。"
        extra={<Button onClick={() => window.location.reload()}>刷新页面</Button>}
      />
    );
  }
}
