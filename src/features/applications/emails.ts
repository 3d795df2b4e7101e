import type { Locale } from '../../ui/i18n.ts'

/**
 * The confirmation email. Its subject starts with "Application received" (申请已收到) so it can never be
 * mistaken for a decision email, whose subjects start with "Decision".
 */
export function receivedEmail(
  locale: Locale,
  v: { name: string; program: string; cohort: string; deadline: string; link: string; verdict: string },
) {
  if (locale === 'zh-CN') {
    return {
      subject: `申请已收到：${v.program}（${v.cohort}）`,
      text: `${v.name}，您好：\n\n我们已收到您对 ${v.program}（${v.cohort}）的申请。这不是录取结果，结果将另行通知。\n\n截止时间前您仍可修改或撤回申请：${v.deadline}。\n\n查看您的申请：${v.link}\n\n资格评估：${v.verdict}\n`,
    }
  }
  return {
    subject: `Application received: ${v.program} (${v.cohort})`,
    text: `Hello ${v.name},\n\nWe received your application to the ${v.program} (${v.cohort}). This is a receipt, not a decision: decisions come in a separate email.\n\nYou can change or withdraw your application until ${v.deadline}.\n\nYour application: ${v.link}\n\nEligibility check: ${v.verdict}\n`,
  }
}
