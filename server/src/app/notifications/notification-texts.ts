/**
 * The text of every notification the portal creates, Chinese and English, with `{placeholders}`.
 * Rendered once, when the notification is created (the parameters are never personal data).
 */
export const NOTIFICATION_TEXTS = {
  'case.new': {
    zh: '监管转办投诉 {forwardNo}（转办日期 {forwardedOn}）已转至贵公司，请于 {deadline} 前办结并完成回访。',
    en: 'Forwarded complaint {forwardNo} (forwarded on {forwardedOn}) was assigned to you: handle it and call the complainant back by {deadline}.',
  },
  'case.due_soon': {
    zh: '监管转办投诉 {forwardNo} 将于 {deadline} 到期（剩余 {workingDaysLeft} 个工作日），尚未办结。',
    en: 'Forwarded complaint {forwardNo} is due on {deadline} ({workingDaysLeft} working days left) and not handled yet.',
  },
  'case.overdue': {
    zh: '监管转办投诉 {forwardNo}（{orgName}）已超过办结期限 {deadline}，尚未办结。',
    en: 'Forwarded complaint {forwardNo} ({orgName}) is past its deadline {deadline} and not handled yet.',
  },
  'period.due_soon': {
    zh: '{period} {kindZh} 的报送截止日期为 {dueOn}，贵公司尚未提交。',
    en: 'The {kindEn} file for {period} is due on {dueOn} and has not been submitted yet.',
  },
  'period.extension': {
    zh: '{period} {kindZh} 的报送截止日期已延长至 {dueOn}。',
    en: 'The deadline of the {kindEn} file for {period} was extended to {dueOn}.',
  },
  'self_inspection.returned': {
    zh: '{period} 自查报告已被退回，请修改后重新提交。',
    en: 'The self-inspection report for {period} was returned: please revise and resubmit it.',
  },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_TEXTS;

export const KIND_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  callbacks: { zh: '回访明细', en: 'call-back' },
  complaints: { zh: '投诉明细', en: 'complaint' },
  profile: { zh: '经营数据', en: 'business profile' },
};

/** Both languages of a notification, placeholders filled; an unknown placeholder is left visible. */
export function renderNotification(
  kind: NotificationKind,
  params: Readonly<Record<string, string | number>>,
): { zh: string; en: string } {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
  const t = NOTIFICATION_TEXTS[kind];
  return { zh: fill(t.zh), en: fill(t.en) };
}
