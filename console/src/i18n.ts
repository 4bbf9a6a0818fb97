import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

export type Lang = 'zh' | 'en';

// Labels the console shows. Chinese is the centre's language and the default; English for everyone else.
const labels = {
  appTitle: ['供电服务中心', 'Service centre'],
  skipToContent: ['跳到正文', 'Skip to content'],
  language: ['English', '中文'],
  languageName: ['切换到英文', 'Switch to Chinese'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  signInHint: ['本地开发令牌：选择角色并填写姓名（班组另填班组编号）。', 'Local development token: pick a role and a name (a crew also its crew id).'],
  role: ['角色', 'Role'],
  name: ['姓名', 'Name'],
  crew: ['班组', 'Crew'],
  sessionEnded: ['登录已失效，请重新登录。', 'Your sign-in has ended; please sign in again.'],
  agent: ['客户代表', 'Agent'],
  supervisor: ['主管', 'Supervisor'],
  integrator: ['集成方', 'Integrator'],
  intake: ['受理', 'Take a call'],
  callbacks: ['回访队列', 'Callbacks'],
  complaints: ['投诉队列', 'Complaints'],
  inquiries: ['待答复咨询', 'Inquiries to answer'],
  recentOrders: ['最近工单', 'Recent orders'],
  kind: ['业务类型', 'Kind'],
  subtype: ['子类', 'Subtype'],
  channel: ['渠道', 'Channel'],
  area: ['区域', 'Area'],
  accountNo: ['户号', 'Account no.'],
  customerName: ['客户姓名', 'Customer name'],
  phone: ['联系电话', 'Phone'],
  tier: ['客户等级', 'Tier'],
  importance: ['负荷等级', 'Load importance'],
  address: ['地址', 'Address'],
  description: ['诉求描述', 'Description'],
  appointmentAt: ['预约时间', 'Appointment'],
  specialCare: ['特别服务', 'Special care'],
  none: ['无', 'none'],
  submitOrder: ['提交工单', 'Take the order'],
  submitting: ['提交中…', 'Submitting…'],
  fixErrors: ['请先修正标出的字段。', 'Correct the marked fields first.'],
  orderTaken: ['工单已受理', 'Order taken'],
  newOrder: ['再受理一单', 'Take another'],
  openOrder: ['查看工单', 'Open the order'],
  repeatWarning: ['该户号有未办结的工单', 'This account has orders still open'],
  repeatComplaint: ['重复投诉：该户号已有投诉', 'Repeat complaint: this account has complained before'],
  answer: ['答复', 'Answer'],
  answerSend: ['答复并办结', 'Answer and complete'],
  answered: ['已答复', 'Answered'],
  number: ['工单号', 'Number'],
  status: ['状态', 'Status'],
  priority: ['优先级', 'Priority'],
  receivedAt: ['受理时间', 'Received'],
  dueAt: ['时限', 'Due'],
  remaining: ['剩余', 'Left'],
  overdueBy: ['超时', 'Late by'],
  attempts: ['已拨次数', 'Attempts'],
  outcome: ['回访结果', 'Outcome'],
  note: ['备注', 'Note'],
  unreachableCount: ['联系不上', 'unreachable'],
  contact: ['首次联系', 'Contact'],
  contactDue: ['联系时限', 'Contact due'],
  replyDue: ['答复时限', 'Reply due'],
  reply: ['答复内容', 'Reply'],
  replySend: ['答复', 'Send reply'],
  verified: ['举报属实', 'Report verified'],
  repeat: ['重复', 'repeat'],
  supervised: ['督办', 'supervised'],
  nothingHere: ['暂无', 'Nothing here'],
  order: ['工单', 'Order'],
  orderNotFound: ['工单不存在或无权查看。', 'No such order, or not yours to see.'],
  deadlines: ['时限', 'Deadlines'],
  deadline: ['时限项', 'Deadline'],
  metAt: ['完成时间', 'Met'],
  breached: ['已超时', 'breached'],
  met: ['已完成', 'met'],
  pending: ['进行中', 'pending'],
  timeline: ['全过程记录', 'Timeline'],
  event: ['事件', 'Event'],
  at: ['时间', 'At'],
  service: ['服务', 'Service'],
  detail: ['详情', 'Detail'],
  trace: ['查看链路追踪', 'Open the trace'],
  callback: ['回访', 'Callback'],
  customer: ['客户', 'Customer'],
  myWorkOrders: ['我的工单', 'My work orders'],
  arrive: ['到达现场', 'Arrived'],
  complete: ['完工', 'Complete'],
  result: ['处理结果', 'Result'],
  arrivalDue: ['到达时限', 'Arrival due'],
  restorationDue: ['复电时限', 'Restoration due'],
  board: ['超时与临期', 'Breached and at risk'],
  atRisk: ['临期', 'at risk'],
  period: ['统计区间', 'Period'],
  today: ['近24小时', 'Last 24 h'],
  week: ['近7天', 'Last 7 days'],
  month: ['近30天', 'Last 30 days'],
  from: ['起', 'From'],
  to: ['止', 'To'],
  arrivalRate: ['到达及时率', 'Arrival on time'],
  restorationRate: ['复电及时率', 'Restoration on time'],
  slaByArea: ['抢修及时率（按区域）', 'Repair on-time rate by area'],
  complaintRates: ['投诉及时率', 'Complaint on-time rates'],
  contactRate: ['联系及时率', 'Contact on time'],
  replyRate: ['答复及时率', 'Reply on time'],
  callbackFigures: ['回访覆盖与满意率', 'Callback coverage and satisfaction'],
  coverage: ['回访覆盖率', 'Coverage'],
  sampledShare: ['抽样比例', 'Sampled share'],
  satisfaction: ['满意率', 'Satisfaction'],
  completed: ['已办结', 'Completed'],
  required: ['应回访', 'Required'],
  created: ['已生成', 'Created'],
  done: ['已回访', 'Done'],
  decided: ['已判定', 'Decided'],
  onTime: ['及时', 'On time'],
  late: ['迟到', 'Late'],
  due: ['到期', 'Due'],
  rate: ['比率', 'Rate'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  sortBy: ['排序', 'Sort by'],
  live: ['实时', 'live'],
  reconnecting: ['重新连接中…', 'reconnecting…'],
  lookUpOrder: ['按工单 ID 查询', 'Look up an order by id'],
  orderId: ['工单 ID', 'Order id'],
  open: ['打开', 'Open'],
  noScreen: ['此角色没有专门界面；可按工单 ID 查询。', 'This role has no screen of its own; look an order up by id.'],
  failed: ['操作失败', 'It did not work'],
  loading: ['加载中…', 'Loading…'],
  type: ['类别', 'Type'],
  workOrder: ['抢修', 'repair'],
  complaintCase: ['投诉/举报', 'complaint/report'],
  assignedCrew: ['派工班组', 'Crew'],
  total: ['合计', 'total'],
} as const;

export type LabelKey = keyof typeof labels;

// Wire values (domain.md) and their names.
const values: Record<string, [string, string]> = {
  repair: ['故障报修', 'Repair'], business: ['业务受理', 'Business'], inquiry: ['咨询查询', 'Inquiry'],
  complaint: ['投诉', 'Complaint'], report: ['举报', 'Report'],
  'no-power': ['无电', 'No power'], 'partial-outage': ['部分停电', 'Partial outage'], 'voltage-problem': ['电压异常', 'Voltage problem'],
  'meter-fault': ['计量故障', 'Meter fault'], 'line-damage': ['线路损坏', 'Line damage'], other: ['其他', 'Other'],
  'new-connection': ['新装', 'New connection'], 'capacity-increase': ['增容', 'Capacity increase'], 'capacity-decrease': ['减容', 'Capacity decrease'],
  suspension: ['暂停', 'Suspension'], 'temporary-replacement': ['暂换', 'Temporary replacement'], 'temporary-removal': ['暂拆', 'Temporary removal'],
  'meter-removal': ['拆表', 'Meter removal'], 'account-closure': ['销户', 'Account closure'], 'meter-relocation': ['移表', 'Meter relocation'],
  'voltage-change': ['改压', 'Voltage change'], 'tariff-change': ['改类', 'Tariff change'], reconnection: ['复电', 'Reconnection'],
  'outage-info': ['停电信息', 'Outage info'], policy: ['政策法规', 'Policy'], bill: ['电费电价', 'Bill'], 'meter-reading': ['电能表示数', 'Meter reading'],
  safety: ['安全用电', 'Safety'], 'service-attitude': ['服务态度', 'Service attitude'], 'service-efficiency': ['服务效率', 'Service efficiency'],
  'power-quality': ['供电质量', 'Power quality'], outage: ['停电', 'Outage'], billing: ['电费', 'Billing'], construction: ['施工', 'Construction'],
  'electricity-theft': ['窃电', 'Electricity theft'], misconduct: ['违规', 'Misconduct'],
  phone: ['电话', 'Phone'], counter: ['营业厅', 'Counter'], web: ['网站', 'Web'], app: ['App', 'App'],
  urban: ['城区', 'Urban'], rural: ['农村', 'Rural'], remote: ['偏远农村', 'Remote'],
  elderly: ['老年', 'Elderly'], disabled: ['残疾', 'Disabled'], 'living-alone': ['独居', 'Living alone'],
  received: ['已受理', 'Received'], dispatched: ['已派工', 'Dispatched'], 'on-site': ['已到达', 'On site'], 'in-progress': ['处理中', 'In progress'],
  answered: ['已答复', 'Answered'], replied: ['已答复', 'Replied'], completed: ['已完成', 'Completed'], reopened: ['已重启', 'Reopened'],
  closed: ['已归档', 'Closed'], waiting: ['等待派工', 'Waiting'], guiding: ['引导自查', 'Guiding'],
  'not-required': ['无需回访', 'Not required'], scheduled: ['待回访', 'Scheduled'], done: ['已回访', 'Done'], unreachable: ['联系不上', 'Unreachable'],
  satisfied: ['满意', 'Satisfied'], 'basically-satisfied': ['基本满意', 'Basically satisfied'], unsatisfied: ['不满意', 'Unsatisfied'],
  restored: ['已复电', 'Restored'], 'customer-side-fault': ['客户侧故障', 'Customer-side fault'], referred: ['转办', 'Referred'],
  arrival: ['到达', 'Arrival'], restoration: ['复电', 'Restoration'], contact: ['联系', 'Contact'], reply: ['答复', 'Reply'],
  agent: ['客户代表', 'Agent'], crew: ['抢修班组', 'Crew'], supervisor: ['主管', 'Supervisor'], integrator: ['集成方', 'Integrator'],
};

export interface Translator {
  lang: Lang;
  t: (key: LabelKey) => string;
  /** The name of a wire value (kind, subtype, status…), or the value itself when it has none. */
  v: (value: string | null | undefined) => string;
}

export function translator(lang: Lang): Translator {
  const i = lang === 'zh' ? 0 : 1;
  return {
    lang,
    t: key => labels[key][i],
    v: value => (value ? values[value]?.[i] ?? value : ''),
  };
}

export const LangContext = createContext<Translator>(translator('zh'));
export const useT = () => useContext(LangContext);

const storageKey = 'powermicro.lang';

export function initialLang(): Lang {
  return localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh';
}

export function applyLang(lang: Lang) {
  localStorage.setItem(storageKey, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}
