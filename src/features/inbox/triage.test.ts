import { describe, expect, it } from 'vitest'
import { heldOutMessages, labelledMessages } from './labelled-messages.ts'
import { mergeRules, senderMatches, triageMessage, type TriageLabel } from './triage.ts'

const labels: TriageLabel[] = ['open_source', 'commercial', 'spam']

/** Precision and recall of each label over a set, from its confusion counts. */
function measure(pairs: { truth: TriageLabel; guess: TriageLabel }[]) {
  return Object.fromEntries(
    labels.map((l) => {
      const tp = pairs.filter((p) => p.truth === l && p.guess === l).length
      const guessed = pairs.filter((p) => p.guess === l).length
      const actual = pairs.filter((p) => p.truth === l).length
      return [l, { precision: guessed ? tp / guessed : 1, recall: actual ? tp / actual : 1, n: actual }]
    }),
  ) as Record<TriageLabel, { precision: number; recall: number; n: number }>
}

describe('inbox triage', () => {
  it('meets the policy targets on the labelled English and Chinese messages (commercial recall ≥ 0.9, open-source precision ≥ 0.95)', () => {
    const rules = mergeRules(undefined)
    const pairs = labelledMessages.map((m) => ({ truth: m.label, guess: triageMessage({ ...m, rules }).label, m }))
    const byLanguage = { en: pairs.filter((p) => !/[\u4e00-\u9fff]/.test(p.m.body)), 'zh-CN': pairs.filter((p) => /[\u4e00-\u9fff]/.test(p.m.body)) }
    const all = measure(pairs)
    const f = (x: number) => x.toFixed(3)
    for (const [name, set] of [['all', pairs], ...Object.entries(byLanguage)] as const) {
      const r = measure(set)
      console.log(`triage [${name}, ${set.length} messages] ` + labels.map((l) => `${l}: precision ${f(r[l].precision)} recall ${f(r[l].recall)} (n=${r[l].n})`).join('; '))
    }
    for (const p of pairs.filter((p) => p.truth !== p.guess)) console.log(`  misfiled ${p.truth} as ${p.guess}: ${p.m.subject}`)
    expect(byLanguage.en.length).toBeGreaterThanOrEqual(20)
    expect(byLanguage['zh-CN'].length).toBeGreaterThanOrEqual(20)
    expect(all.commercial.recall).toBeGreaterThanOrEqual(0.9)
    expect(all.open_source.precision).toBeGreaterThanOrEqual(0.95)
    for (const set of Object.values(byLanguage)) {
      const r = measure(set)
      expect(r.commercial.recall).toBeGreaterThanOrEqual(0.9)
      expect(r.open_source.precision).toBeGreaterThanOrEqual(0.95)
    }
  })

  it('prints its figures on held-out messages written after the rules were settled', () => {
    const rules = mergeRules(undefined)
    const pairs = heldOutMessages.map((m) => ({ truth: m.label, guess: triageMessage({ ...m, rules }).label, m }))
    const r = measure(pairs)
    console.log(`triage [held out, ${pairs.length} messages] ` + labels.map((l) => `${l}: precision ${r[l].precision.toFixed(3)} recall ${r[l].recall.toFixed(3)} (n=${r[l].n})`).join('; '))
    for (const p of pairs.filter((p) => p.truth !== p.guess)) console.log(`  misfiled ${p.truth} as ${p.guess}: ${p.m.subject}`)
    expect(pairs.length).toBe(12)
  })

  it('explains its verdict', () => {
    const result = triageMessage({ fromAddress: 'sales@devtools.example', subject: 'Special pricing', body: 'Book a demo today', rules: mergeRules(undefined) })
    expect(result.label).toBe('commercial')
    expect(result.reasons).toEqual(['commercial phrases: “book a demo”, “pricing”', 'sender sales@devtools.example matches sales@* (commercial)'])
    expect(triageMessage({ fromAddress: 'a@b.org', subject: 'Hello', body: 'Hi', rules: mergeRules(undefined) }).reasons).toEqual(['no rule matched: open source by default'])
  })

  it('takes a program’s own phrases and a manager’s earlier correction for the sender', () => {
    const message = { fromAddress: 'dev@cloudvendor.example', subject: 'Our Kubernetes webinar', body: 'Join our webinar about our roadmap.' }
    expect(triageMessage({ ...message, rules: mergeRules(undefined) }).label).toBe('open_source')
    const rules = mergeRules({ commercialPhrases: ['Webinar', 'roadmap'] })
    expect(triageMessage({ ...message, rules }).label).toBe('commercial')
    expect(triageMessage({ ...message, rules, senderLabel: 'open_source' })).toMatchObject({ label: 'open_source', reasons: ['A program manager filed earlier mail from dev@cloudvendor.example as open source.'] })
  })

  it('matches sender patterns with wildcards, whole words in Latin text and substrings in Chinese', () => {
    expect(senderMatches('Sales@Example.com', 'sales@*')).toBe(true)
    expect(senderMatches('wholesales@example.com', 'sales@*')).toBe(false)
    expect(senderMatches('x@promo.xyz', '*@*.xyz')).toBe(true)
    const rules = mergeRules(undefined)
    expect(triageMessage({ fromAddress: 'a@b.org', subject: 'Presales question', body: 'prices', rules }).scores.commercial).toBe(0)
    expect(triageMessage({ fromAddress: 'a@b.org', subject: '询价', body: '请发一份报价', rules }).scores.commercial).toBe(1)
  })
})
