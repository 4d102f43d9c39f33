import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, uploadFile } from '../api/client';
import type { ImportIssue, ImportReport } from '../api/types';
import { errorText } from '../hooks';

/** What the panel shows: a dry run's full report, or only the row errors a refused import carried. */
type Shown = Pick<ImportReport, 'ok' | 'errors'> & Partial<Pick<ImportReport, 'rows' | 'summary' | 'errorCount'>>;
type Passwords = Extract<ImportReport, { changes: unknown }>['temporaryPasswords'];

const SUMMARY: Record<string, string> = { create: '新建', update: '更新', unchanged: '不变', archive: '归档' };

/**
 * A spreadsheet import: the file is checked first (dry run, nothing written) and its row errors
 * shown as a table; only a clean file can be imported for real.
 */
export function ImportPanel({ url, title, hint, onImported }: { url: string; title: string; hint: string; onImported: () => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<Shown | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [passwords, setPasswords] = useState<Passwords>();

  async function run(f: File, dryRun: boolean) {
    setError(null);
    setProgress(0);
    try {
      const r = await uploadFile<ImportReport>(`${url}?dryRun=${dryRun}`, f, setProgress);
      if (dryRun) setReport(r);
      else {
        void message.success('导入完成');
        const temporary = 'temporaryPasswords' in r ? r.temporaryPasswords : undefined;
        setPasswords(temporary);
        setReport(null);
        setFile(null);
        if (!temporary?.length) setOpen(false);
        onImported();
      }
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as Pick<ImportReport, 'errors'> | undefined) : undefined;
      if (details?.errors) setReport({ ok: false, errors: details.errors });
      setError(errorText(e));
    } finally {
      setProgress(null);
    }
  }

  const errors = report?.errors ?? [];
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
        {title}
      </Button>
      <Modal open={open} title={title} footer={null} width={900} onCancel={() => setOpen(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          customRequest={({ file: f }) => {
            setFile(f as File);
            setPasswords(undefined);
            void run(f as File, true);
          }}
        >
          <Button icon={<UploadOutlined />}>选择文件并检查</Button>
        </Upload>
        {progress !== null && <Progress percent={progress} status="active" aria-label="上传进度" />}
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginTop: 12 }} />}
        {report && (
          <div style={{ marginTop: 12 }}>
            {report.ok ? (
              <Alert
                type="success"
                showIcon
                title={`检查通过：共 ${report.rows ?? 0} 行。${Object.entries(report.summary ?? {})
                  .map(([k, n]) => `${SUMMARY[k] ?? k} ${n}`)
                  .join('，')}`}
                action={
                  <Button type="primary" onClick={() => file && void run(file, false)}>
                    确认导入
                  </Button>
                }
              />
            ) : (
              <Alert
                type="error"
                showIcon
                title={`发现 ${report.errorCount ?? errors.length} 处问题，请在表格中修改后重新上传（未写入任何数据）`}
              />
            )}
            {errors.length > 0 && (
              <Table<ImportIssue>
                style={{ marginTop: 12 }}
                size="small"
                rowKey={(r) => `${r.line}-${r.column}-${r.code}-${r.value ?? ''}`}
                dataSource={errors}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: '行号', dataIndex: 'line', width: 70 },
                  { title: '列', dataIndex: 'column', width: 120 },
                  { title: '内容', dataIndex: 'value', width: 160 },
                  { title: '问题', dataIndex: 'reason' },
                ]}
              />
            )}
          </div>
        )}
        {passwords && passwords.length > 0 && (
          <div style={{ marginTop: 12 }}>
            <Alert type="warning" showIcon title="新用户的临时密码只显示这一次，请现在抄下并分发；用户首次登录须修改密码。" />
            <Table
              size="small"
              rowKey="username"
              dataSource={passwords}
              pagination={false}
              columns={[
                { title: '用户名', dataIndex: 'username' },
                {
                  title: '临时密码',
                  dataIndex: 'temporaryPassword',
                  render: (p: string) => <Typography.Text copyable>{p}</Typography.Text>,
                },
              ]}
            />
          </div>
        )}
        <Space />
      </Modal>
    </>
  );
}
