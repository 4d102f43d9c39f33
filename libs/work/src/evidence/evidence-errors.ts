import { STATE_LABELS, type AssignmentState } from '@duban/assignment-workflow';
import { DubanError } from '@duban/errors';

const mb = (bytes: number): string => String(Math.round((bytes / 1024 / 1024) * 10) / 10);

/** Every refusal of the evidence feature: stable codes, Chinese messages. */
export const EvidenceErrors = {
  notMultipart: () => new DubanError('UPLOAD_NOT_MULTIPART', '请以 multipart/form-data 上传文件（字段名 file）'),
  aborted: () => new DubanError('UPLOAD_ABORTED', '上传已中断，未保存任何内容'),
  missingFile: () => new DubanError('UPLOAD_MISSING_FILE', '没有收到文件（字段名 file）'),
  tooLarge: (maxBytes: number) => new DubanError('EVIDENCE_TOO_LARGE', `文件超过 ${mb(maxBytes)} MB 上限`, { maxBytes }),
  refusedType: (code: 'EVIDENCE_TYPE_NOT_ALLOWED' | 'EVIDENCE_EMPTY', messageZh: string, detected?: string) =>
    new DubanError(code, messageZh, detected ? { detected } : undefined),
  duplicate: (existingId: string, fileName: string) =>
    new DubanError('EVIDENCE_DUPLICATE', `该任务已上传过内容相同的文件（${fileName}），无需重复上传`, { existingId }),
  unknownRequirement: () => new DubanError('EVIDENCE_REQUIREMENT_UNKNOWN', '所选佐证材料清单项不属于该任务'),
  assignmentClosed: (state: AssignmentState) =>
    new DubanError('EVIDENCE_ASSIGNMENT_CLOSED', `任务当前状态为「${STATE_LABELS[state]}」，佐证材料不能再修改`),
  notUnit: () => new DubanError('EVIDENCE_NOT_UNIT', '只有责任单位的经办人可以上传或撤回佐证材料'),
  notReviewer: () => new DubanError('EVIDENCE_NOT_REVIEWER', '只有该任务的审核人可以审核佐证材料'),
  notFound: () => DubanError.notFound('佐证材料', 'EVIDENCE_NOT_FOUND'),
  reviewConflict: (from: string, action: string) =>
    new DubanError('EVIDENCE_REVIEW_CONFLICT', `佐证材料当前为「${REVIEW_LABELS[from] ?? from}」，不能${action}`),
  notWithdrawable: () => new DubanError('EVIDENCE_NOT_WITHDRAWABLE', '已审核通过的佐证材料不能撤回'),
  bytesMissing: () => new DubanError('EVIDENCE_FILE_MISSING', '文件内容已丢失或正在被清理，请重新上传'),
};

export const REVIEW_LABELS: Record<string, string> = { pending: '待审核', accepted: '已通过', returned: '已退回' };
