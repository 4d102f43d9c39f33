import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Empty, Input, Modal, Progress, Space, Spin, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { api, fetchBlob, ok, uploadFile } from '../api/client';
import type { EvidenceList, EvidenceView } from '../api/types';
import { formatBytes, formatDateTime } from '../format';
import { errorText, useErrorToast } from '../hooks';
import { EVIDENCE_STATE } from '../labels';

const PREVIEWABLE = /^(image\/(png|jpeg|gif|webp)|application\/pdf)$/;

/** Evidence of one assignment: drag-and-drop upload (unit), in-page preview, accept or return each file (reviewer). */
export function EvidencePanel({ assignmentId, canUpload, canReview }: { assignmentId: string; canUpload: boolean; canReview: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const [progress, setProgress] = useState<{ name: string; percent: number } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<EvidenceView | null>(null);
  const [returning, setReturning] = useState<EvidenceView | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({
    queryKey: ['evidence', assignmentId],
    queryFn: () => ok<EvidenceList>(api.GET('/api/assignments/{id}/evidence', { params: { path: { id: assignmentId } } })),
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['evidence', assignmentId] });
    void queryClient.invalidateQueries({ queryKey: ['assignment', assignmentId] });
  };
  const review = useMutation({
    mutationFn: ({ file, accept, reason }: { file: EvidenceView; accept: boolean; reason?: string }) =>
      ok(
        accept
          ? api.POST('/api/evidence/{id}/accept', { params: { path: { id: file.id } } })
          : api.POST('/api/evidence/{id}/return', { params: { path: { id: file.id } }, body: { reason: reason ?? '' } }),
      ),
    onSuccess: (_r, v) => {
      void message.success(v.accept ? '已通过该材料' : '已退回该材料');
      setReturning(null);
      setReason('');
      refresh();
    },
    onError: toast,
  });
  const withdraw = useMutation({
    mutationFn: (file: EvidenceView) => ok(api.DELETE('/api/evidence/{id}', { params: { path: { id: file.id } } })),
    onSuccess: () => {
      void message.success('已撤回');
      refresh();
    },
    onError: toast,
  });

  return (
    <div>
      {canUpload && (
        <>
          <Upload.Dragger
            showUploadList={false}
            multiple={false}
            customRequest={({ file }) => {
              const f = file as File;
              setUploadError(null);
              setProgress({ name: f.name, percent: 0 });
              uploadFile(`/api/assignments/${assignmentId}/evidence`, f, (percent) => setProgress({ name: f.name, percent }))
                .then(() => {
                  void message.success(`已上传：${f.name}`);
                  refresh();
                })
                .catch((e: unknown) => setUploadError(`${f.name}：${errorText(e)}`))
                .finally(() => setProgress(null));
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">把佐证材料拖到这里，或点击选择文件</p>
            <p className="ant-upload-hint">支持图片、PDF、Word、Excel 等常见格式；同一份文件不能重复上传</p>
          </Upload.Dragger>
          {progress && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text>正在上传 {progress.name}</Typography.Text>
              <Progress percent={progress.percent} status="active" aria-label="上传进度" />
            </div>
          )}
          {uploadError && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={uploadError}
              style={{ marginTop: 8 }}
              closable={{ onClose: () => setUploadError(null) }}
            />
          )}
        </>
      )}
      {list.data && list.data.checklist.length > 0 && (
        <div style={{ marginTop: 12 }}>
          材料清单：
          {list.data.checklist.map((c) => (
            <Tag
              key={c.requirementId}
              color={c.status === 'accepted' ? 'green' : c.status === 'missing' ? 'default' : c.status === 'returned' ? 'red' : 'gold'}
            >
              {c.name}
            </Tag>
          ))}
        </div>
      )}
      <div style={{ marginTop: 12 }}>
        {list.isLoading && <Spin />}
        {list.data && list.data.items.length === 0 && (
          <Empty description={canUpload ? '还没有佐证材料。请把方案、照片、统计表等拖到上方上传。' : '单位还没有上传佐证材料'} />
        )}
        {(list.data?.items ?? []).map((f) => (
          <div
            key={f.id}
            data-file={f.fileName}
            style={{ display: 'flex', justifyContent: 'space-between', gap: 8, padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}
          >
            <div>
              <Space>
                {f.fileName}
                <Tag color={EVIDENCE_STATE[f.reviewState]?.color}>{EVIDENCE_STATE[f.reviewState]?.text}</Tag>
              </Space>
              <div style={{ color: '#888', fontSize: 12 }}>
                {formatBytes(f.byteSize)} · {f.uploadedByName ?? ''} 上传于 {formatDateTime(f.uploadedAt)}
              </div>
              {f.reviewReason && <div style={{ color: '#cf1322' }}>退回原因：{f.reviewReason}</div>}
            </div>
            <Space wrap>
              {PREVIEWABLE.test(f.mime) && (
                <Button size="small" onClick={() => setPreview(f)}>
                  预览
                </Button>
              )}
              <DownloadLink file={f} />
              {canReview && f.reviewState === 'pending' && (
                <Button size="small" type="primary" onClick={() => review.mutate({ file: f, accept: true })}>
                  通过
                </Button>
              )}
              {canReview && f.reviewState === 'pending' && (
                <Button size="small" danger onClick={() => setReturning(f)}>
                  退回
                </Button>
              )}
              {canUpload && f.reviewState !== 'accepted' && (
                <Button size="small" type="link" onClick={() => withdraw.mutate(f)}>
                  撤回
                </Button>
              )}
            </Space>
          </div>
        ))}
      </div>
      {preview && <PreviewModal file={preview} onClose={() => setPreview(null)} />}
      <Modal
        open={!!returning}
        title={`退回材料：${returning?.fileName ?? ''}`}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        onCancel={() => setReturning(null)}
        onOk={() => returning && review.mutate({ file: returning, accept: false, reason: reason.trim() })}
      >
        <Input.TextArea
          rows={3}
          placeholder="请写明需要修改或补充的内容"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-label="退回原因"
        />
      </Modal>
    </div>
  );
}

function DownloadLink({ file }: { file: EvidenceView }) {
  const toast = useErrorToast();
  return (
    <Button
      size="small"
      type="link"
      onClick={() =>
        void fetchBlob(`/api/evidence/${file.id}/download`)
          .then((blob) => {
            const url = URL.createObjectURL(blob);
            const a = document.createElement('a');
            a.href = url;
            a.download = file.fileName;
            a.click();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          })
          .catch(toast)
      }
    >
      下载
    </Button>
  );
}

/** Images and PDFs shown in the page (fetched with the bearer token, shown from a blob: URL). */
function PreviewModal({ file, onClose }: { file: EvidenceView; onClose: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    fetchBlob(`/api/evidence/${file.id}/download`)
      .then((blob) => {
        made = URL.createObjectURL(new Blob([blob], { type: file.mime }));
        setUrl(made);
      })
      .catch((e: unknown) => setError(errorText(e)));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  return (
    <Modal open title={`预览：${file.fileName}`} footer={null} onCancel={onClose} width={900}>
      {error && <Alert type="error" showIcon title={error} />}
      {url && file.mime.startsWith('image/') && <img src={url} alt={file.fileName} style={{ maxWidth: '100%' }} />}
      {url && file.mime === 'application/pdf' && (
        <iframe src={url} title={file.fileName} style={{ width: '100%', height: '70vh', border: 0 }} />
      )}
    </Modal>
  );
}
