import { InboxOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Input, Modal, Progress, Row, Space, Spin, Steps, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, ok, uploadFile } from '../api/client';
import type { DraftView, ParsedPoint, ParsedSection, PlanDiff } from '../api/types';
import { Highlighted, Legend } from '../components/Highlighted';
import { PageError } from '../components/PageError';
import { formatBytes, formatDate } from '../format';
import { errorText, useErrorToast } from '../hooks';
import { CADENCE_LABELS, ROLE_LABELS } from '../labels';

const ACCEPT = '.txt,.docx,.pdf,.html,.htm,.xlsx';

/** The import wizard: upload → parsed outline beside the original text → fix → confirm. */
export function PlanImportPage() {
  const { id } = useParams();
  const step = id ? 1 : 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Card>
        <Steps current={step} items={[{ title: '上传文件' }, { title: '核对解析结果' }, { title: '确认' }]} />
      </Card>
      {id ? <DraftReview planId={id} /> : <UploadStep />}
    </Space>
  );
}

function UploadStep() {
  const navigate = useNavigate();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<{ message: string; planId?: string } | null>(null);
  return (
    <Card title="上传工作要点文件">
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error.message}
          style={{ marginBottom: 16 }}
          action={error.planId && <Button onClick={() => navigate(`/plans/${error.planId}`)}>查看已导入的计划</Button>}
        />
      )}
      <Upload.Dragger
        accept={ACCEPT}
        showUploadList={false}
        multiple={false}
        customRequest={({ file }) => {
          setError(null);
          setProgress(0);
          uploadFile<DraftView>('/api/plans/import', file as File, setProgress)
            .then((draft) => navigate(`/plans/${draft.planId}/draft`))
            .catch((e: unknown) => {
              setProgress(null);
              const planId = e instanceof ApiError ? (e.details?.planId as string | undefined) : undefined;
              setError({ message: errorText(e), planId });
            });
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">把工作要点文件拖到这里，或点击选择文件</p>
        <p className="ant-upload-hint">
          支持 Word（.docx）、PDF、网页（.html）、Excel（.xlsx）和纯文本（.txt），上传后系统自动识别章节、要点、责任单位、时限与指标
        </p>
      </Upload.Dragger>
      {progress !== null && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text>{progress < 100 ? '正在上传…' : '上传完成，正在解析…'}</Typography.Text>
          <Progress percent={progress} status={progress < 100 ? 'active' : 'normal'} aria-label="上传进度" />
        </div>
      )}
    </Card>
  );
}

interface Block {
  key: string;
  line: number | null;
  heading?: string;
  text: string;
  point?: ParsedPoint;
  path: number[];
}

/** The document in reading order, as the parser kept it (sections' headings and points' text with their lines). */
function blocks(sections: ParsedSection[], path: number[] = []): Block[] {
  const out: Block[] = [];
  for (const s of sections) {
    const p = [...path, s.ordinal];
    out.push({ key: `s${p.join('.')}`, line: null, heading: `${s.number} ${s.title}`.trim(), text: s.text, path: p });
    for (const pt of s.points) out.push({ key: `p${p.join('.')}-${pt.number}`, line: pt.line, text: pt.text, point: pt, path: p });
    out.push(...blocks(s.sections, p));
  }
  return out;
}

function DraftReview({ planId }: { planId: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useErrorToast();
  const { message, modal } = App.useApp();
  const draft = useQuery({
    queryKey: ['draft', planId],
    queryFn: () => ok<DraftView>(api.GET('/api/plans/{id}/draft', { params: { path: { id: planId } } })),
  });
  const [editing, setEditing] = useState<{ path: number[]; point: ParsedPoint } | null>(null);
  const [editTitle, setEditTitle] = useState('');

  const edit = useMutation({
    mutationFn: (operations: Record<string, unknown>[]) =>
      ok<DraftView>(
        api.PATCH('/api/plans/{id}/draft', { params: { path: { id: planId } }, body: { version: draft.data!.version, operations } }),
      ),
    onSuccess: (d) => queryClient.setQueryData(['draft', planId], d),
    onError: toast,
  });
  const undo = useMutation({
    mutationFn: () =>
      ok<DraftView>(api.POST('/api/plans/{id}/draft/undo', { params: { path: { id: planId } }, body: { version: draft.data!.version } })),
    onSuccess: (d) => queryClient.setQueryData(['draft', planId], d),
    onError: toast,
  });
  const confirm = useMutation({
    mutationFn: () => ok(api.POST('/api/plans/{id}/confirm', { params: { path: { id: planId } }, body: { version: draft.data!.version } })),
    onSuccess: () => {
      void message.success('计划已确认，可以分解任务了');
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
      navigate(`/plans/${planId}`);
    },
    onError: toast,
  });

  if (draft.isLoading) return <Spin />;
  if (draft.error) {
    if (draft.error instanceof ApiError && draft.error.status === 404)
      return (
        <Empty description="这个计划没有待确认的草稿。它可能已经确认过了。">
          {<Button onClick={() => navigate(`/plans/${planId}`)}>查看计划</Button>}
        </Empty>
      );
    return <PageError error={draft.error} retry={() => void draft.refetch()} />;
  }
  const d = draft.data!;
  const parsed = d.parsed;
  const all = blocks(parsed.sections);
  const lines = all.filter((b) => b.line !== null).map((b) => b.line as number);
  const warningsFor = (b: Block) => {
    if (b.line === null) return [];
    const next = Math.min(...lines.filter((l) => l > (b.line as number)), Infinity);
    return parsed.warnings.filter((w) => w.line >= (b.line as number) && w.line < next);
  };
  const firstLine = Math.min(...lines, Infinity);
  const earlyWarnings = parsed.warnings.filter((w) => w.line < firstLine);
  const pointCount = all.filter((b) => b.point).length;

  return (
    <>
      <Card
        title={
          <Typography.Text
            editable={{
              tooltip: '修改标题',
              onChange: (title) => title.trim() && title !== parsed.title && edit.mutate([{ op: 'updatePlan', title: title.trim() }]),
            }}
            style={{ fontSize: 16 }}
          >
            {parsed.title}
          </Typography.Text>
        }
        extra={
          <Space>
            <Button icon={<UndoOutlined />} disabled={!d.canUndo} loading={undo.isPending} onClick={() => undo.mutate()}>
              撤销
            </Button>
            <Button
              type="primary"
              loading={confirm.isPending}
              onClick={() =>
                modal.confirm({
                  title: '确认这份工作要点？',
                  content: `共 ${pointCount} 条要点${parsed.warnings.length ? `，还有 ${parsed.warnings.length} 条提示未处理` : ''}。确认后即可分解为任务。`,
                  okText: '确认',
                  cancelText: '再看看',
                  onOk: () => confirm.mutateAsync(),
                })
              }
            >
              确认计划
            </Button>
          </Space>
        }
      >
        <Space wrap>
          <span>文件：{d.document.fileName}</span>
          <span>大小：{formatBytes(d.document.byteSize)}</span>
          <span>年度：{parsed.year ? `${parsed.year}年` : '未识别'}</span>
          <span>要点：{pointCount} 条</span>
          <span>提示：{parsed.warnings.length} 条</span>
          <Legend />
        </Space>
        {d.diff && <DiffSummary diff={d.diff} />}
        {earlyWarnings.map((w, i) => (
          <Alert key={i} type="warning" showIcon title={`第 ${w.line} 行：${w.message}`} style={{ marginTop: 8 }} />
        ))}
      </Card>
      <Row gutter={16}>
        <Col span={10}>
          <Card title="解析结果（提纲）" size="small" styles={{ body: { maxHeight: '70vh', overflow: 'auto' } }}>
            {all.map((b) =>
              b.heading !== undefined ? (
                <Typography.Title key={b.key} level={5} style={{ marginTop: 12 }}>
                  {b.heading}
                </Typography.Title>
              ) : (
                <div key={b.key} style={{ padding: '6px 0 6px 12px', borderBottom: '1px solid #f0f0f0' }}>
                  <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                    <span>
                      <b>{b.point!.number}.</b> {b.point!.title}
                    </span>
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setEditing({ path: b.path, point: b.point! });
                        setEditTitle(b.point!.title);
                      }}
                    >
                      修改
                    </Button>
                  </Space>
                  <div>
                    {b.point!.units.map((u, i) => (
                      <Tag key={`u${i}`} color="blue">
                        {ROLE_LABELS[u.role] ?? u.role}：{u.name}
                      </Tag>
                    ))}
                    {b.point!.deadlines.map((x, i) => (
                      <Tag key={`d${i}`} color="gold">
                        时限：{formatDate(x.date)}
                      </Tag>
                    ))}
                    {b.point!.recurrence.map((x, i) => (
                      <Tag key={`r${i}`} color="purple">
                        {CADENCE_LABELS[x.every] ?? x.phrase}
                      </Tag>
                    ))}
                    {b.point!.targets.map((x, i) => (
                      <Tag key={`t${i}`} color="green">
                        {x.metric} {x.comparator} {x.value}
                        {x.unit}
                      </Tag>
                    ))}
                  </div>
                </div>
              ),
            )}
            {all.length === 0 && <Empty description="没有识别出章节和要点。请检查文件是否为工作要点正文，或改用 Word 原稿重新上传。" />}
          </Card>
        </Col>
        <Col span={14}>
          <Card title="原文（标出时限、指标与责任单位）" size="small" styles={{ body: { maxHeight: '70vh', overflow: 'auto' } }}>
            {parsed.preamble && <Typography.Paragraph type="secondary">{parsed.preamble}</Typography.Paragraph>}
            {all.map((b) => (
              <Row key={b.key} gutter={8} style={{ marginBottom: 6 }}>
                <Col span={2} style={{ color: '#999', textAlign: 'right', fontFamily: 'monospace' }}>
                  {b.line ?? ''}
                </Col>
                <Col span={warningsFor(b).length ? 14 : 22}>
                  {b.heading !== undefined ? (
                    <b>{b.heading}</b>
                  ) : (
                    <Highlighted
                      text={b.text}
                      marks={[
                        ...b.point!.deadlines.map((x) => ({ phrase: x.phrase, kind: 'deadline' as const })),
                        ...b.point!.targets.map((x) => ({ phrase: x.phrase, kind: 'target' as const })),
                        ...b.point!.units.map((x) => ({ phrase: x.name, kind: 'unit' as const })),
                      ]}
                    />
                  )}
                </Col>
                {warningsFor(b).length > 0 && (
                  <Col span={8}>
                    {warningsFor(b).map((w, i) => (
                      <Alert
                        key={i}
                        type="warning"
                        showIcon
                        style={{ fontSize: 12, padding: '2px 8px' }}
                        title={`第 ${w.line} 行：${w.message}`}
                      />
                    ))}
                  </Col>
                )}
              </Row>
            ))}
          </Card>
        </Col>
      </Row>
      <Modal
        open={!!editing}
        title="修改要点标题"
        okText="保存"
        cancelText="取消"
        confirmLoading={edit.isPending}
        onCancel={() => setEditing(null)}
        onOk={() =>
          editing &&
          edit.mutate([{ op: 'updatePoint', section: editing.path, point: editing.point.number, title: editTitle.trim() }], {
            onSuccess: () => setEditing(null),
          })
        }
      >
        <Input.TextArea value={editTitle} onChange={(e) => setEditTitle(e.target.value)} autoSize aria-label="要点标题" />
      </Modal>
    </>
  );
}

const FIELD_LABELS: Record<string, string> = {
  title: '标题',
  text: '正文',
  units: '责任单位',
  deadlines: '时限',
  recurrence: '周期',
  targets: '指标',
  number: '编号',
};

/** A revised document: what confirming it would add, remove and change (unchanged points keep their tasks). */
function DiffSummary({ diff }: { diff: PlanDiff }) {
  const { added, removed, changed, unchanged } = diff.summary;
  return (
    <Alert
      style={{ marginTop: 12 }}
      type="info"
      showIcon
      title={`修订稿与已确认内容相比：新增 ${added} 条，删除 ${removed} 条，修改 ${changed} 条，未变 ${unchanged} 条（未变和修改的要点保留原有任务）`}
      description={
        <div>
          {diff.added.map((p) => (
            <div key={`a${p.number}-${p.title}`}>
              <Tag color="green">新增</Tag>
              {p.number}. {p.title}
            </div>
          ))}
          {diff.changed.map((p) => (
            <div key={p.id}>
              <Tag color="blue">修改</Tag>
              {p.number}. {p.title}（{p.fields.map((f) => FIELD_LABELS[f] ?? f).join('、')}）
            </div>
          ))}
          {diff.removed.map((p) => (
            <div key={p.id}>
              <Tag color="red">删除</Tag>
              <del>
                {p.number}. {p.title}
              </del>
            </div>
          ))}
        </div>
      }
    />
  );
}
