import { describe, expect, it } from 'vitest'
import { labelledMessages } from './labelled-messages.ts'
import { mergeRules, triageMessage } from './triage.ts'
import { triageReasonIn } from './views/triage-reasons.ts'

describe('triage reasons on the message page', () => {
  const rules = mergeRules({ commercialSenders: ['sales@*'] })
  const reasons = [
    ...new Set([
      ...labelledMessages.flatMap((m) => triageMessage({ ...m, rules }).reasons),
      ...triageMessage({ fromAddress: 'sales@vendor.example', subject: 'BUY NOW!!!', body: 'http://a.example http://b.example http://c.example http://d.example http://e.example http://f.example', rules }).reasons,
      ...triageMessage({ fromAddress: 'x@y.example', subject: 'Hi', body: 'Hi', rules, senderLabel: 'commercial' }).reasons,
      'Moved from commercial to open source by a program manager.',
    ]),
  ]

  it('reads every sentence triage writes back word for word in English, and in Chinese without an English word left', () => {
    expect(reasons.length).toBeGreaterThan(5)
    for (const reason of reasons) {
      expect(triageReasonIn('en', reason)).toBe(reason)
      const zh = triageReasonIn('zh-CN', reason)
      expect(zh, reason).not.toBe(reason)
      expect(zh.replace(/\S+@\S+|sales@\*|“[^”]*”/g, ''), reason).not.toMatch(/\b(phrases|sender|matches|links|shouting|rule|program manager|Moved|open source|commercial|spam)\b/)
    }
    expect(triageReasonIn('zh-CN', 'Moved from commercial to open source by a program manager.')).toBe('项目负责人将其从商业移至开源。')
  })

  it('shows a sentence it does not know as stored', () => {
    expect(triageReasonIn('zh-CN', 'filed by hand')).toBe('filed by hand')
  })
})
