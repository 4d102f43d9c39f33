import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DubanError } from '@duban/errors';
import { registerDecorator, ValidateIf } from 'class-validator';

/** Field names as bureau staff say them; a field not listed is shown by its property name. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
  refreshToken: '登录凭证',
  displayName: '姓名',
  email: '电子邮箱',
  globalRoles: '全局角色',
  isActive: '启用状态',
  units: '单位',
  unitId: '单位',
  unitIds: '单位',
  role: '角色',
  version: '版本号',
  reason: '理由',
  lateCloseReason: '逾期原因',
  decisionReason: '审批意见',
  newDueDate: '新的完成时限',
  dueDate: '完成时限',
  dueFrom: '完成时限起',
  dueTo: '完成时限止',
  title: '标题',
  description: '说明',
  cadence: '报送周期',
  ownerUnitId: '负责科室',
  ownerUserId: '经办人',
  completionRule: '完成规则',
  targets: '指标',
  targetIds: '指标',
  taskTargetId: '指标',
  phrase: '指标原文',
  metric: '指标名称',
  value: '数值',
  unit: '计量单位',
  comparator: '比较方式',
  parts: '拆分部分',
  taskIds: '任务',
  taskId: '任务',
  planId: '计划',
  pointId: '工作要点',
  sectionId: '章节',
  bureauId: '发文单位',
  leadUnitId: '牵头科室',
  cooperatingUnitIds: '配合单位',
  isSupervisionOffice: '督查室标记',
  unitSet: '单位范围',
  types: '单位类型',
  type: '类型',
  tags: '标签',
  tag: '标签',
  tagsAny: '任一标签',
  parentId: '上级单位',
  includeDescendants: '包括所有下级',
  kind: '申请类型',
  proposed: '调整内容',
  add: '新增单位',
  remove: '移除单位',
  percent: '完成百分比',
  narrative: '进展说明',
  period: '报告期',
  actuals: '实际值',
  asOf: '统计截止日期',
  items: '清单项',
  name: '名称',
  code: '编码',
  shortNames: '简称',
  aliases: '别名',
  requirementId: '佐证材料清单项',
  operations: '修改操作',
  year: '年度',
  status: '状态',
  state: '状态',
  q: '搜索词',
  sort: '排序',
  page: '页码',
  pageSize: '每页条数',
  actor: '操作人',
  action: '操作',
  objectType: '对象类型',
  objectId: '对象编号',
  from: '起始时间',
  to: '截止时间',
  scopeId: '范围单位',
  format: '格式',
  dryRun: '仅检查',
  overdue: '逾期',
  id: '编号',
  mustChangePassword: '须修改密码',
  message: '意见',
  reply: '反馈内容',
  replyBy: '反馈时限',
  colour: '颜色',
  departmentId: '科室',
  unread: '未读',
};

export const fieldLabel = (property: string): string => FIELD_LABELS[property] ?? property;

/** At most this many problems are reported: a hostile body must not get megabytes of details back. */
const MAX_REPORTED = 20;

const CJK = /[\u4e00-\u9fff]/;
const lastNumber = (message: string): string => message.match(/-?\d+(?:\.\d+)?(?!.*\d)/)?.[0] ?? '';
const allowedValues = (message: string): string => message.split(': ').slice(1).join(': ');

/** One class-validator constraint in Chinese. The English default message only lends its numbers. */
function describe(constraint: string, english: string, label: string): string {
  const each = english.startsWith('each value in ') ? '的每一项' : '';
  const l = `${label}${each}`;
  switch (constraint) {
    case 'isDefined':
      return `缺少${label}`;
    case 'isNotEmpty':
      return `${l}不能为空`;
    case 'isString':
      return `${l}应为文本`;
    case 'isInt':
      return `${l}应为整数`;
    case 'isNumber':
    case 'isNumberString':
      return `${l}应为数字`;
    case 'isBoolean':
      return `${l}应为 true 或 false`;
    case 'isUuid':
    case 'isUUID':
      return `${l}格式无效（应为 UUID）`;
    case 'isEmail':
      return `${l}不是有效的电子邮箱地址`;
    case 'isIn':
    case 'isEnum':
      return `${l}的取值无效，可选：${allowedValues(english)}`;
    case 'min':
      return `${l}不能小于 ${lastNumber(english)}`;
    case 'max':
      return `${l}不能大于 ${lastNumber(english)}`;
    case 'minLength':
      return `${l}至少 ${lastNumber(english)} 个字符`;
    case 'maxLength':
      return `${l}最多 ${lastNumber(english)} 个字符`;
    case 'isArray':
      return `${label}应为数组`;
    case 'arrayMinSize':
      return `${label}至少 ${lastNumber(english)} 项`;
    case 'arrayMaxSize':
      return `${label}最多 ${lastNumber(english)} 项`;
    case 'arrayUnique':
      return `${label}中不能有重复项`;
    case 'isObject':
    case 'nestedValidation':
      return `${l}应为对象`;
    case 'isDateString':
    case 'isIso8601':
    case 'isISO8601':
    case 'isCalendarDate':
      return `${l}不是有效的日期`;
    case 'matches':
      return `${l}格式无效`;
    case 'whitelistValidation':
      return `不支持的字段「${label}」`;
    default:
      return `${l}无效`;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** Flattens nested errors into `units[2].unitId: …` problems, stopping once enough are found. */
function collect(errors: ValidationError[], out: FieldProblem[], path: string, parentLabel: string): number {
  let total = 0;
  for (const e of errors) {
    const index = /^\d+$/.test(e.property) ? Number(e.property) : null;
    const field = index !== null ? `${path}[${index}]` : path ? `${path}.${e.property}` : e.property;
    const label =
      index !== null
        ? `${parentLabel}第 ${index + 1} 项`
        : parentLabel
          ? `${parentLabel}的${fieldLabel(e.property)}`
          : fieldLabel(e.property);
    for (const [constraint, english] of Object.entries(e.constraints ?? {})) {
      total++;
      // a message written in the DTO is already Chinese; the rejected value is never echoed
      const message = CJK.test(english)
        ? english
        : describe(constraint, english, constraint === 'whitelistValidation' ? e.property : label);
      if (out.length < MAX_REPORTED) out.push({ field, message });
    }
    if (e.children?.length) total += collect(e.children, out, field, label);
  }
  return total;
}

/** The 400 for a body, query or path that fails its DTO: Chinese, field by field, bounded. */
export function validationError(errors: ValidationError[]): DubanError {
  const problems: FieldProblem[] = [];
  const total = collect(errors, problems, '', '');
  const shown = problems.slice(0, 3).map((p) => p.message);
  const message = total <= 1 ? (shown[0] ?? '请求无效') : `请求有 ${total} 处错误：${shown.join('；')}${total > shown.length ? '……' : ''}`;
  return new DubanError('VALIDATION_FAILED', message, problems);
}

export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // the values are never sent back (a hostile value could be megabytes); messages are our own
    validationError: { target: false, value: false },
    exceptionFactory: validationError,
  });

/**
 * An optional field that may be left out but not sent as `null` (class-validator's IsOptional lets
 * null through, and services take "optional" to mean "absent"). Fields that accept null say so with
 * IsOptional and a `| null` type.
 */
export const IfPresent = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date (YYYY-MM-DD) or date-time (ISO 8601, extended calendar form) that exists on a calendar
 * the database shares: 2024-02-30, week dates (2024-W01) and year 0 are refused here, not by
 * PostgreSQL as a 500. Years run 1900–9999.
 */
export function isCalendarDateTime(value: unknown, opts: { dateOnly?: boolean } = {}): boolean {
  if (typeof value !== 'string' || value.length > 40) return false;
  const m = DATE_TIME.exec(value);
  if (!m || (opts.dateOnly && m[4] !== undefined)) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return true;
}

/** See isCalendarDateTime; `dateOnly` refuses a time part. */
export function IsCalendarDate(opts: { dateOnly?: boolean } = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: { validate: (value: unknown) => isCalendarDateTime(value, opts) },
      options: { message: `${String(propertyName)} is not a calendar date` },
    });
}
