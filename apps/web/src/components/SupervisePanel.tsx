import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Input, Modal, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ok } from '../api/client';
import { useAuth } from '../auth';
import { formatDateTime } from '../format';
import { errorText } from '../hooks';
import { NOTICE_COLOURS } from '../labels';

interface Issued {
  id: string;
  number: string;
  colour: string;
  colourLabel: string;
  reason: string;
}

/**
 * 催办 and 督办单 on an assignment, for the heads who may (the API decides the rest: who, how
 * often, whether the work lags). The urge count and the API's refusals (429 with the time it
 * becomes possible again, 409 when the work is on schedule) are shown as the API words them.
 */
export function SupervisePanel({
  assignmentId,
  open,
  urgeCount,
  lastUrgedAt,
}: {
  assignmentId: string;
  open: boolean;
  urgeCount?: number;
  lastUrgedAt?: string | null;
}) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'urge' | 'notice' | null>(null);
  const [text, setText] = useState('');
  const [replyBy, setReplyBy] = useState<Dayjs | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [count, setCount] = useState<number | null>(null);
  const close = () => {
    setDialog(null);
    setText('');
    setReplyBy(null);
  };
  const refused = (e: unknown) => {
    close();
    // a 429 names the time urging is possible again; 409s say why no notice (on schedule, one open)
    setRefusal(errorText(e));
  };
  const urge = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: assignmentId } }, body: { message: text.trim() || undefined } })),
    onSuccess: (r) => {
      close();
      setRefusal(null);
      setCount(r.urgeCount);
      void message.success(`已催办（第 ${r.urgeCount} 次）`);
      void queryClient.invalidateQueries({ queryKey: ['assignment', assignmentId] });
    },
    onError: refused,
  });
  const notice = useMutation({
    mutationFn: () =>
      ok<Issued>(
        api.POST('/api/assignments/{id}/notices', {
          params: { path: { id: assignmentId } },
          body: { message: text.trim() || undefined, replyBy: replyBy ? replyBy.format('YYYY-MM-DD') : undefined },
        }),
      ),
    onSuccess: (n) => {
      close();
      setRefusal(null);
      setIssued(n);
      void message.success(`已下发督办单 ${n.number}`);
      void queryClient.invalidateQueries({ queryKey: ['notices'] });
    },
    onError: refused,
  });
  const mayUrge = can('assignments:urge');
  const mayIssue = can('notices:issue');
  if (!mayUrge && !mayIssue && !urgeCount) return null;
  const shownCount = count ?? urgeCount ?? 0;
  return (
    <div style={{ marginTop: 12 }}>
      <Space wrap>
        <span data-testid="urge-count">
          已催办 {shownCount} 次{lastUrgedAt && count === null ? `（最近 ${formatDateTime(lastUrgedAt)}）` : ''}
        </span>
        {open && mayUrge && <Button onClick={() => setDialog('urge')}>催办</Button>}
        {open && mayIssue && (
          <Button danger onClick={() => setDialog('notice')}>
            下发督办单
          </Button>
        )}
      </Space>
      {refusal && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={refusal}
          style={{ marginTop: 8 }}
          closable={{ onClose: () => setRefusal(null) }}
        />
      )}
      {issued && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 8 }}
          title={
            <span data-testid="issued-notice">
              已下发督办单 <b>{issued.number}</b>{' '}
              <Tag color={NOTICE_COLOURS[issued.colour]?.color}>{issued.colourLabel || NOTICE_COLOURS[issued.colour]?.text}</Tag>
              {issued.reason}。<Link to="/notices">查看督办单</Link>
            </span>
          }
        />
      )}
      <Modal
        open={dialog !== null}
        title={dialog === 'urge' ? '催办' : '下发督办单'}
        okText={dialog === 'urge' ? '催办' : '下发'}
        cancelText="取消"
        okButtonProps={{ loading: urge.isPending || notice.isPending, danger: dialog === 'notice' }}
        onCancel={close}
        onOk={() => (dialog === 'urge' ? urge.mutate() : notice.mutate())}
      >
        <Typography.Paragraph type="secondary">
          {dialog === 'urge'
            ? '单位的经办人会收到站内消息和邮件（夜间和节假日的消息在下一个工作日早上送达）。同一分派 24 小时内只能催办一次。'
            : '督办单的颜色按进度自动判定：逾期为红色，落后序时进度为黄色，临期未提交为蓝色；进度正常的分派不能下发。'}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={dialog === 'urge' ? 500 : 2000}
          aria-label={dialog === 'urge' ? '催办留言' : '督办意见'}
          placeholder={dialog === 'urge' ? '留言（可不填）' : '督办意见（可不填）'}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {dialog === 'notice' && (
          <div style={{ marginTop: 8 }}>
            反馈期限（不填则为 3 个工作日后）：
            <DatePicker value={replyBy} onChange={setReplyBy} aria-label="反馈期限" />
          </div>
        )}
      </Modal>
    </div>
  );
}

/**
 * 催办 on a row of a list (the task's units): the count, and a button (with an optional message)
 * for those who may urge. The API's refusal — 429 with the time it becomes possible — is shown.
 */
export function UrgeButton({ assignmentId, urgeCount, open }: { assignmentId: string; urgeCount: number; open: boolean }) {
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState(false);
  const [text, setText] = useState('');
  const urge = useMutation({
    mutationFn: () =>
      ok(api.POST('/api/assignments/{id}/urge', { params: { path: { id: assignmentId } }, body: { message: text.trim() || undefined } })),
    onSuccess: (r) => {
      setDialog(false);
      setText('');
      void message.success(`已催办（第 ${r.urgeCount} 次）`);
      void queryClient.invalidateQueries({ queryKey: ['task'] });
    },
    onError: (e) => {
      setDialog(false);
      void modal.warning({ title: '暂不能催办', content: errorText(e), okText: '知道了' });
    },
  });
  return (
    <Space size={4}>
      <span>{urgeCount} 次</span>
      {open && can('assignments:urge') && (
        <Button size="small" onClick={() => setDialog(true)}>
          催办
        </Button>
      )}
      <Modal
        open={dialog}
        title="催办"
        okText="催办"
        cancelText="取消"
        okButtonProps={{ loading: urge.isPending }}
        onCancel={() => setDialog(false)}
        onOk={() => urge.mutate()}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          aria-label="催办留言"
          placeholder="留言（可不填）"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
