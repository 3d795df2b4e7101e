import { t, type Locale, type MessageKey } from '../../../ui/i18n.ts'

/** The folder names the stored reasons use (triage.ts labelNames, refile-message.ts), to their message keys. */
const labels: Record<string, MessageKey> = { 'open source': 'inbox.reason.label.openSource', commercial: 'inbox.reason.label.commercial', spam: 'inbox.reason.label.spam' }
const LABEL = '(open source|commercial|spam)'

/** The sentences triage.ts and refile-message.ts store, each with the message that says it and its values. */
const patterns: { re: RegExp; key: MessageKey; vars: (m: RegExpExecArray, l: Locale) => Record<string, string> }[] = [
  { re: new RegExp(`^A program manager filed earlier mail from (\\S+) as ${LABEL}\\.$`), key: 'inbox.reason.senderFiled', vars: (m, l) => ({ address: m[1]!, label: t(l, labels[m[2]!]!) }) },
  { re: new RegExp(`^${LABEL} phrases: ([\\s\\S]+)$`), key: 'inbox.reason.phrases', vars: (m, l) => ({ label: t(l, labels[m[1]!]!), phrases: m[2]! }) },
  { re: new RegExp(`^sender (\\S+) matches (\\S+) \\(${LABEL}\\)$`), key: 'inbox.reason.sender', vars: (m, l) => ({ address: m[1]!, pattern: m[2]!, label: t(l, labels[m[3]!]!) }) },
  { re: /^(\d+) links \(more than (\d+)\) \(spam\)$/, key: 'inbox.reason.links', vars: (m) => ({ count: m[1]!, max: m[2]! }) },
  { re: /^a shouting subject \(spam\)$/, key: 'inbox.reason.shouting', vars: () => ({}) },
  { re: /^no rule matched: open source by default$/, key: 'inbox.reason.default', vars: () => ({}) },
  { re: new RegExp(`^Moved from ${LABEL} to ${LABEL} by a program manager\\.$`), key: 'inbox.reason.moved', vars: (m, l) => ({ from: t(l, labels[m[1]!]!), to: t(l, labels[m[2]!]!) }) },
]

/**
 * A stored triage reason in the page's language. The reasons are kept as the English sentences triage wrote
 * (the record of why a message was filed); one no pattern knows is shown as stored.
 */
export function triageReasonIn(locale: Locale, reason: string): string {
  for (const p of patterns) {
    const m = p.re.exec(reason)
    if (m) return t(locale, p.key, p.vars(m, locale))
  }
  return reason
}
