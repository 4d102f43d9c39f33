/**
 * What each department of the sample district is responsible for, as the office knows it: words of
 * a work point that send it to that department when the plan itself names no one. Demo knowledge
 * (seeds/org/units.csv codes), not a rule of the product: in a real bureau the office decides.
 */
export const DUTIES: [code: string, words: string[]][] = [
  ['DL-D-BGS', ['督查', '督办', '政务', '档案', '保密', '机关']],
  ['DL-D-ZZK', ['党建', '党组织', '党员', '党的建设', '政治建设', '干部', '基层组织']],
  ['DL-D-XCK', ['宣传', '舆情', '意识形态', '统战', '新闻']],
  ['DL-D-JJS', ['纪检', '监察', '廉政', '作风', '全面从严治党', '巡察', '纪律']],
  ['DL-D-RSK', ['教师', '师资', '队伍', '人才', '校长', '职称', '编制', '师德']],
  ['DL-D-CWK', ['经费', '财务', '预算', '资助', '收费', '审计']],
  ['DL-D-JJK', ['义务教育', '课后服务', '双减', '优质均衡', '课程', '教学', '质量', '集团化', '招生', '普通高中']],
  ['DL-D-DYK', ['德育', '思政', '立德树人', '心理健康', '劳动教育', '家庭教育', '家校']],
  ['DL-D-TWY', ['体育', '卫生', '艺术', '美育', '健康', '近视', '体质', '防疫', '疫情']],
  ['DL-D-AWK', ['安全', '稳定', '平安校园', '应急', '消防', '防溺水', '校园周边']],
  ['DL-D-DDS', ['督导', '评估', '督学', '考核']],
  ['DL-D-ZCJ', ['职业教育', '职业学校', '成人教育', '社区教育', '终身学习', '产教融合']],
  ['DL-D-XQK', ['学前', '幼儿园', '入园', '普惠']],
  ['DL-D-MJK', ['民办', '校外培训', '培训机构']],
  ['DL-D-GHK', ['规划', '十四五', '布局', '改革', '发展规划']],
  ['DL-D-XXZX', ['信息化', '智慧', '数字', '网络', '互联网', '信息技术']],
  ['DL-D-FGK', ['法治', '依法', '普法', '法规', '政策']],
  ['DL-D-SPK', ['审批', '许可', '放管服', '营商']],
  ['DL-D-JHJJ', ['基建', '建设', '新建', '改扩建', '校舍', '学位', '工程']],
  ['DL-D-ZCK', ['装备', '资产', '实验室', '图书', '设备']],
  ['DL-D-XFB', ['信访', '群众来访', '投诉']],
  ['DL-D-GH', ['工会', '教职工', '关爱']],
  ['DL-D-LGK', ['离退休', '老干部', '关工委']],
];

/** Departments whose duty words occur in the text, most hits first (ties in DUTIES order). */
export function dutiesIn(text: string): string[] {
  return DUTIES.map(([code, words], order) => ({ code, order, hits: words.reduce((n, w) => n + text.split(w).length - 1, 0) }))
    .filter((d) => d.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.order - b.order)
    .map((d) => d.code);
}
