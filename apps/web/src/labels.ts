/** Chinese labels of the API's enum values. */
export const ROLE_LABELS: Record<string, string> = {
  lead: '牵头单位',
  cooperating: '配合单位',
  responsible: '责任单位',
};

export const CADENCE_LABELS: Record<string, string> = {
  week: '每周',
  month: '每月',
  quarter: '每季度',
  semester: '每学期',
  year: '每年',
};

export const PLAN_STATUS: Record<string, { text: string; color: string }> = {
  draft: { text: '草稿', color: 'default' },
  confirmed: { text: '已确认', color: 'green' },
  archived: { text: '已归档', color: 'default' },
};

export const STATE_COLORS: Record<string, string> = {
  assigned: 'blue',
  in_progress: 'processing',
  submitted: 'gold',
  returned: 'red',
  approved: 'green',
  cancelled: 'default',
  extension_requested: 'purple',
};

export const STATE_LABELS: Record<string, string> = {
  assigned: '已分派',
  in_progress: '办理中',
  submitted: '待审核',
  returned: '已退回',
  approved: '已通过',
  cancelled: '已取消',
  extension_requested: '申请延期',
};

export const UNIT_TYPES: Record<string, string> = {
  bureau: '教育局',
  department: '科室',
  direct_unit: '直属单位',
  school: '学校',
  district_bureau: '区县教育局',
};

export const GLOBAL_ROLES: Record<string, string> = {
  admin: '系统管理员',
  leader: '局领导',
  department_head: '科室负责人',
  unit_member: '经办人',
};

export const EVIDENCE_STATE: Record<string, { text: string; color: string }> = {
  pending: { text: '待审核', color: 'gold' },
  accepted: { text: '已通过', color: 'green' },
  returned: { text: '已退回', color: 'red' },
};

/** Lights as colour AND text (绿灯/黄灯/红灯), so they read without colour too. */
export const LIGHTS: Record<string, { text: string; color: string; hex: string }> = {
  green: { text: '绿灯', color: 'success', hex: '#52c41a' },
  yellow: { text: '黄灯', color: 'warning', hex: '#faad14' },
  red: { text: '红灯', color: 'error', hex: '#cf1322' },
};

export const NOTICE_COLOURS: Record<string, { text: string; color: string }> = {
  red: { text: '红色（逾期）', color: 'red' },
  yellow: { text: '黄色（滞后序时进度）', color: 'gold' },
  blue: { text: '蓝色（临期）', color: 'blue' },
};

export const NOTICE_STATES: Record<string, { text: string; color: string }> = {
  issued: { text: '待签收', color: 'orange' },
  signed: { text: '已签收', color: 'blue' },
  answered: { text: '已反馈', color: 'green' },
};
