import type { Locale } from '../../../ui/i18n.ts'
import type { TemplateVariable } from './syntax.ts'
import { announcementMailTemplates } from '../../announcements/mail-templates.ts'
import { reminderMailTemplates } from '../../community/reminders/mail-templates.ts'

/** One language of a template: a one-line subject and a Markdown body, both with {{variables}}. */
export interface TemplateText {
  subject: string
  body: string
}

/** A mail template as shipped in code; programs may override each language in the database. */
export interface MailTemplateDefinition {
  /** What the template is for, shown to program managers. */
  description: string
  /** Transactional mail (receipts, sign-in links, replies) or a notice people can unsubscribe from. */
  category: 'transactional' | 'notice'
  variables: TemplateVariable[]
  /**
   * 'site': mail the platform sends outside any program (sign-in and address confirmation links, a role
   * given), in the code's wording; programs cannot override it. Otherwise a program's mail, which its managers may reword.
   */
  scope?: 'site'
  /** English is required: it stands in for a language a template lacks. */
  text: { en: TemplateText } & Partial<Record<Locale, TemplateText>>
}

const v = (name: string, description: string, sample: string, url = false): TemplateVariable => ({ name, description, sample, ...(url ? { url } : {}) })

/**
 * Every template, by key. Features that send mail add their templates here (one table, like the command and
 * job registries), then call renderEmail with the key.
 */
export const mailTemplates = {
  'sign-in': {
    description: 'The sign-in link someone asked for.',
    scope: 'site',
    category: 'transactional',
    variables: [v('link', 'the single-use sign-in link', 'https://embassy.example/sign-in/verify?token=…', true), v('minutes', 'how long the link works', '15')],
    text: {
      en: {
        subject: 'Your sign-in link for Embassy',
        body: 'Use this link to sign in. It works once, for {{minutes}} minutes:\n\n{{link}}\n\nIf you did not ask for it, ignore this email.\n',
      },
      'zh-CN': {
        subject: '您的 Embassy 登录链接',
        body: '请使用此链接登录。链接只能使用一次，{{minutes}} 分钟内有效：\n\n{{link}}\n\n如果您没有请求登录，请忽略此邮件。\n',
      },
    },
  },
  'confirm-email': {
    description: 'The link that adds an email address to the account of the person who asked for it.',
    scope: 'site',
    category: 'transactional',
    variables: [
      v('name', 'the name of the account the address would join', 'Zhang Wei'),
      v('link', 'the single-use confirmation link', 'https://embassy.example/sign-in/verify?token=…', true),
      v('minutes', 'how long the link works', '15'),
    ],
    text: {
      en: {
        subject: 'Add this address to your Embassy account',
        body: 'Someone signed in as {{name}} asked to add this email address to their account, so that contributions made with it count for them. If that was you, use this link; it works once, for {{minutes}} minutes:\n\n{{link}}\n\nIf it was not you, ignore this email: the address will not be added.\n',
      },
      'zh-CN': {
        subject: '将此地址添加到您的 Embassy 账户',
        body: '以 {{name}} 身份登录的用户请求将此邮箱地址添加到其账户，以便使用该地址做出的贡献计入其名下。如果这是您本人的操作，请使用此链接；链接只能使用一次，{{minutes}} 分钟内有效：\n\n{{link}}\n\n如果不是您本人的操作，请忽略此邮件：该地址不会被添加。\n',
      },
    },
  },
  'role-granted': {
    description: 'Tells someone they were made a site admin or a program manager of a community, and where to sign in.',
    scope: 'site',
    category: 'transactional',
    variables: [
      v('name', 'the recipient’s name', 'Zhang Wei'),
      v('granter', 'who gave the role', 'Li Na'),
      v('role', 'the role and where it applies', 'a program manager of KubeSphere'),
      v('link', 'the site’s sign-in page', 'https://embassy.example/sign-in?next=%2Fadmin', true),
    ],
    text: {
      en: {
        subject: 'You are now {{role}} on Embassy',
        body: 'Hello {{name}},\n\n{{granter}} made you {{role}} on Embassy.\n\nSign in with this email address to start: {{link}}\n\nIf you do not know why, reply to this email or ignore it.\n',
      },
      'zh-CN': {
        subject: '您现在是 Embassy 上的{{role}}',
        body: '{{name}}，您好：\n\n{{granter}} 已将您设为 Embassy 上的{{role}}。\n\n请使用此邮箱地址登录开始使用：{{link}}\n\n如果您不清楚原因，请回复本邮件或忽略它。\n',
      },
    },
  },
  'application-received': {
    description: 'The receipt sent when an application is submitted (not a decision).',
    category: 'transactional',
    variables: [
      v('name', 'the applicant’s name', 'Zhang Wei'),
      v('program', 'the program’s name', 'KubeSphere Ambassadorship Program'),
      v('cohort', 'the cohort’s title', 'Ambassadors 2023'),
      v('deadline', 'until when the application can be changed', 'the end of September 1, 2023 Anywhere on Earth'),
      v('link', 'the application’s page', 'https://embassy.example/applications/…', true),
      v('verdict', 'the eligibility check in one sentence', 'You meet 2 of the 2 requirements needed.'),
    ],
    text: {
      en: {
        subject: 'Application received: {{program}} ({{cohort}})',
        body: 'Hello {{name}},\n\nWe received your application to the {{program}} ({{cohort}}). This is a receipt, not a decision: decisions come in a separate email.\n\nYou can change or withdraw your application until {{deadline}}.\n\nYour application: {{link}}\n\nEligibility check: {{verdict}}\n',
      },
      'zh-CN': {
        subject: '申请已收到：{{program}}（{{cohort}}）',
        body: '{{name}}，您好：\n\n我们已收到您对 {{program}}（{{cohort}}）的申请。这不是录取结果，结果将另行通知。\n\n截止时间前您仍可修改或撤回申请：{{deadline}}。\n\n查看您的申请：{{link}}\n\n资格评估：{{verdict}}\n',
      },
    },
  },
  'program-notice': {
    description: 'A notice to the program’s people (news, reminders); they can unsubscribe.',
    category: 'notice',
    variables: [
      v('name', 'the recipient’s name', 'Zhang Wei'),
      v('program', 'the program’s name', 'KubeSphere Ambassadorship Program'),
      v('title', 'the notice’s title', 'The 2024 cohort opens on August 1'),
      v('summary', 'a short text', 'Applications for the next cohort open soon.'),
      v('link', 'where to read more', 'https://embassy.example/c/kubesphere/programs/ksap', true),
    ],
    text: {
      en: { subject: '{{program}}: {{title}}', body: 'Hello {{name}},\n\n{{summary}}\n\nRead more: {{link}}\n' },
      'zh-CN': { subject: '{{program}}：{{title}}', body: '{{name}}，您好：\n\n{{summary}}\n\n详情：{{link}}\n' },
    },
  },
  // The decision emails of the announcements feature (src/features/announcements/mail-templates.ts).
  ...announcementMailTemplates,
  // The term's engagement and renewal reminders (src/features/community/reminders/mail-templates.ts).
  ...reminderMailTemplates,

  'inbox-policy-reply': {
    description: 'The polite reply to a commercial message sent to the program inbox, quoting the inbox policy.',
    category: 'transactional',
    variables: [
      v('name', 'the sender’s name', 'Alex'),
      v('program', 'the program’s name', 'KubeSphere Ambassadorship Program'),
      v('policy', 'the program’s inbox policy', 'This mailbox is for open-source matters only.'),
      v('elsewhere', 'where commercial inquiries can go instead', 'https://kubesphere.io/contact'),
    ],
    text: {
      en: {
        subject: 'About your message to the {{program}}',
        body: 'Hello {{name}},\n\nThank you for writing to the {{program}}. This inbox is for open-source matters: contributions, the program, events and the community. Sales, marketing, partnership and other commercial inquiries are not handled here.\n\n> {{policy}}\n\nFor commercial matters, please use: {{elsewhere}}\n\nIf your message is about the open-source project after all, reply to this email and a program manager will read it.\n',
      },
      'zh-CN': {
        subject: '关于您发给 {{program}} 的邮件',
        body: '{{name}}，您好：\n\n感谢您联系 {{program}}。此邮箱仅用于开源相关事务：贡献、项目本身、活动与社区。销售、市场、合作及其他商业咨询不在此处理。\n\n> {{policy}}\n\n商业事务请联系：{{elsewhere}}\n\n如果您的邮件确实与开源项目有关，请直接回复本邮件，项目负责人会阅读。\n',
      },
    },
  },
} satisfies Record<string, MailTemplateDefinition>

/** The key of a template in the catalogue. */
export type MailTemplateKey = keyof typeof mailTemplates

/** Whether a string names a template of the catalogue. */
export function isMailTemplateKey(key: string): key is MailTemplateKey {
  return Object.hasOwn(mailTemplates, key)
}

/** Whether a string names a template a program's managers may reword (not one of the platform's own). */
export function isProgramTemplateKey(key: string): key is MailTemplateKey {
  return isMailTemplateKey(key) && (mailTemplates[key] as MailTemplateDefinition).scope !== 'site'
}
