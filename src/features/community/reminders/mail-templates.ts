import type { MailTemplateDefinition } from '../../communications/templates/catalogue.ts'
import type { TemplateVariable } from '../../communications/templates/syntax.ts'

/**
 * The term's reminders, as templates of the communications catalogue (spread into it there): notices, so
 * people can unsubscribe; each program may override them per language.
 */

const v = (name: string, description: string, sample: string, url = false): TemplateVariable => ({ name, description, sample, ...(url ? { url } : {}) })

const common = [v('name', 'the ambassador’s name', 'Zhang Wei'), v('program', 'the program’s name', 'KubeSphere Ambassadorship Program')]

/** The reminder templates, by catalogue key. */
export const reminderMailTemplates = {
  'engagement-reminder': {
    description: 'The term: an ambassador has logged no activity for a while; a friendly nudge with the link to log one.',
    category: 'notice',
    variables: [...common, v('days', 'days since the last logged activity (or the start of the term)', '60'), v('link', 'the activity ledger, where they log an activity', 'https://embassy.example/c/kubesphere/programs/ksap/activities', true)],
    text: {
      en: {
        subject: '{{program}}: what have you been up to?',
        body: 'Hello {{name}},\n\nWe have not seen an activity from you in the {{program}} for {{days}} days. A blog post, a talk, a meetup, helping a newcomer: everything counts, and imported contributions appear on their own.\n\nLog an activity: {{link}}\n\nIf you are taking a break, that is fine too: reply to let the program know.\n',
      },
      'zh-CN': {
        subject: '{{program}}：最近在忙什么？',
        body: '{{name}}，您好：\n\n您在 {{program}} 中已有 {{days}} 天没有记录活动。博客、演讲、线下活动、帮助新人……都算数；导入的贡献会自动出现。\n\n记录活动：{{link}}\n\n如果您正在休息，也没关系：回复告诉项目组即可。\n',
      },
    },
  },
  'renewal-reminder': {
    description: 'The term: an ambassador’s term ends soon; the invitation to renew, with the link to the renewal form.',
    category: 'notice',
    variables: [...common, v('termEnd', 'the last day of the term', '30 April 2026'), v('link', 'the renewal page (next year’s application, filled in from this year’s)', 'https://embassy.example/c/kubesphere/programs/ksap/renew', true)],
    text: {
      en: {
        subject: '{{program}}: your term ends on {{termEnd}}',
        body: 'Hello {{name}},\n\nYour term as an ambassador of the {{program}} ends on {{termEnd}}. Thank you for this year!\n\nIf you would like to continue, renew here: your application starts filled in from this year’s.\n\n{{link}}\n',
      },
      'zh-CN': {
        subject: '{{program}}：您的任期将于 {{termEnd}} 结束',
        body: '{{name}}，您好：\n\n您作为 {{program}} 大使的任期将于 {{termEnd}} 结束。感谢您这一年的付出！\n\n如果您希望继续，请在此续任：申请表会按今年的内容预先填好。\n\n{{link}}\n',
      },
    },
  },
  'quiet-ambassadors-notice': {
    description: 'The term: the weekly notice to a program manager listing the ambassadors who have logged nothing for 90 days or more.',
    category: 'notice',
    variables: [
      v('name', 'the manager’s name', 'Li Na'),
      v('program', 'the program’s name', 'KubeSphere Ambassadorship Program'),
      v('days', 'the threshold in days', '90'),
      v('list', 'one line per quiet ambassador: name and days without activity', 'Zhang Wei — 94 days'),
      v('link', 'the program’s activity ledger', 'https://embassy.example/c/kubesphere/programs/ksap/activities', true),
    ],
    text: {
      en: {
        subject: '{{program}}: ambassadors quiet for {{days}} days or more',
        body: 'Hello {{name}},\n\nThese ambassadors of the {{program}} have logged nothing for {{days}} days or more (they were sent a reminder):\n\n{{list}}\n\nThe activity ledger: {{link}}\n',
      },
      'zh-CN': {
        subject: '{{program}}：{{days}} 天以上没有活动的大使',
        body: '{{name}}，您好：\n\n{{program}} 的以下大使已有 {{days}} 天或更久没有记录活动（他们已收到提醒）：\n\n{{list}}\n\n活动记录：{{link}}\n',
      },
    },
  },
} satisfies Record<string, MailTemplateDefinition>
