import type { MailTemplateDefinition } from '../communications/templates/catalogue.ts'
import type { TemplateVariable } from '../communications/templates/syntax.ts'
import type { Locale } from '../../ui/i18n.ts'

/**
 * The decision emails, as templates of the communications catalogue (spread into it there): defaults in English
 * and Simplified Chinese, which each program may override per language. Every subject starts with "Decision"
 * (决定) and names the decision, so it is never mistaken for the "Application received" receipt.
 */

const v = (name: string, description: string, sample: string, url = false): TemplateVariable => ({ name, description, sample, ...(url ? { url } : {}) })

const common = [v('name', 'the applicant’s name', 'Zhang Wei'), v('program', 'the program’s name', 'KubeSphere Ambassadorship Program'), v('cohort', 'the cohort’s title', 'Ambassadors 2023')]
const feedback = v('feedback', 'the reviewers’ feedback to the applicant, with its heading; empty when none was written', 'Feedback from the reviewers: …')
// Without the link or the deadline an offer cannot be answered: a program's wording must keep both.
const offer = [
  { ...v('link', 'the page where the applicant confirms or declines', 'https://embassy.example/offers/…?token=…', true), required: true },
  { ...v('respondBy', 'the deadline to answer, with its time zone', '29 September 2023 at 20:00 Asia/Shanghai (UTC+8)'), required: true },
]

/** The decision templates, by catalogue key. */
export const announcementMailTemplates = {
  'decision-accepted': {
    description: 'Announcement day: the applicant was selected; they confirm or decline by the deadline.',
    category: 'transactional',
    variables: [...common, ...offer, feedback],
    text: {
      en: {
        subject: 'Decision: accepted — {{program}} ({{cohort}})',
        body: 'Hello {{name}},\n\nCongratulations! You have been selected as an ambassador of the {{program}} ({{cohort}}).\n\nPlease confirm or decline your place by {{respondBy}}:\n\n{{link}}\n\nIf you do not answer by then, your place goes to the next person on the waitlist.\n\n{{feedback}}\n',
      },
      'zh-CN': {
        subject: '决定：已录取 — {{program}}（{{cohort}}）',
        body: '{{name}}，您好：\n\n恭喜！您已入选 {{program}}（{{cohort}}）大使。\n\n请在 {{respondBy}} 之前确认或放弃您的席位：\n\n{{link}}\n\n逾期未答复，席位将顺延给候补名单中的下一位。\n\n{{feedback}}\n',
      },
    },
  },
  'decision-waitlisted': {
    description: 'Announcement day: the applicant is on the waitlist (emailed again if a place opens).',
    category: 'transactional',
    variables: [...common, v('position', 'the place on the waitlist', '3'), feedback],
    text: {
      en: {
        subject: 'Decision: waitlisted — {{program}} ({{cohort}})',
        body: 'Hello {{name}},\n\nThank you for applying to the {{program}} ({{cohort}}). Every seat has been offered, and you are number {{position}} on the waitlist. If a selected applicant declines, we will email you at once.\n\n{{feedback}}\n',
      },
      'zh-CN': {
        subject: '决定：候补 — {{program}}（{{cohort}}）',
        body: '{{name}}，您好：\n\n感谢您申请 {{program}}（{{cohort}}）。所有席位均已发出，您在候补名单中排第 {{position}} 位。如有入选者放弃席位，我们会立即通知您。\n\n{{feedback}}\n',
      },
    },
  },
  'decision-not-selected': {
    description: 'Announcement day: the applicant was not selected.',
    category: 'transactional',
    variables: [...common, feedback],
    text: {
      en: {
        subject: 'Decision: not selected — {{program}} ({{cohort}})',
        body: 'Hello {{name}},\n\nThank you for applying to the {{program}} ({{cohort}}). We are sorry: you were not selected this time. We hope to see your application again next year.\n\n{{feedback}}\n',
      },
      'zh-CN': {
        subject: '决定：未入选 — {{program}}（{{cohort}}）',
        body: '{{name}}，您好：\n\n感谢您申请 {{program}}（{{cohort}}）。很遗憾，您这次未能入选。期待明年再次收到您的申请。\n\n{{feedback}}\n',
      },
    },
  },
  'decision-promoted': {
    description: 'A selected applicant declined (or did not answer): the next on the waitlist is offered the place.',
    category: 'transactional',
    variables: [...common, ...offer],
    text: {
      en: {
        subject: 'Decision: accepted from the waitlist — {{program}} ({{cohort}})',
        body: 'Hello {{name}},\n\nA place has opened in the {{program}} ({{cohort}}), and it is yours: you have been selected from the waitlist.\n\nPlease confirm or decline it by {{respondBy}}:\n\n{{link}}\n\nIf you do not answer by then, the place goes to the next person on the waitlist.\n',
      },
      'zh-CN': {
        subject: '决定：从候补名单录取 — {{program}}（{{cohort}}）',
        body: '{{name}}，您好：\n\n{{program}}（{{cohort}}）空出了一个席位，您已从候补名单中入选。\n\n请在 {{respondBy}} 之前确认或放弃：\n\n{{link}}\n\n逾期未答复，席位将顺延给候补名单中的下一位。\n',
      },
    },
  },
} satisfies Record<string, MailTemplateDefinition>

/** The key of a decision template. */
export type DecisionTemplate = keyof typeof announcementMailTemplates

/** The reviewers' feedback as the {{feedback}} value: a heading and one line each, or empty. */
export function feedbackText(locale: Locale, feedback: string[]): string {
  if (!feedback.length) return ''
  const heading = locale === 'zh-CN' ? '评审给您的反馈：' : 'Feedback from the reviewers:'
  return `${heading}\n\n${feedback.map((f) => `- ${f.replace(/\s*\n\s*/g, ' ')}`).join('\n')}`
}
