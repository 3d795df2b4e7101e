import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { assignReviewers, readsLanguage, type AssignmentProblem } from './assign-reviewers.ts'
import { detectConflict, detectConflicts, emailDomain, pairKey } from './conflicts.ts'

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

/** Random problems: up to 40 applications, 1–12 reviewers, k 1–4, random conflicts and languages. */
const problems = fc
  .record({
    apps: fc.integer({ min: 0, max: 40 }),
    reviewers: fc.integer({ min: 1, max: 12 }),
    k: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.nat(), { minLength: 600, maxLength: 600 }),
  })
  .map(({ apps, reviewers, k, seed }): AssignmentProblem => {
    const languages = ['en', 'zh-CN']
    let i = 0
    const next = () => seed[i++ % seed.length]!
    const applications = ids('a', apps).map((id) => ({ id, language: languages[next() % 2]! }))
    const revs = ids('r', reviewers).map((id) => ({ id, languages: next() % 3 === 0 ? [languages[next() % 2]!] : [] }))
    const blocked = new Set<string>()
    for (const a of applications) for (const r of revs) if (next() % 7 === 0) blocked.add(pairKey(r.id, a.id))
    return { applications, reviewers: revs, k, blocked, existing: [] }
  })

/** The same problems with capacities (some reviewers unlimited) and a few existing assignments. */
const withCapacities = problems.chain((p) =>
  fc
    .record({
      capacities: fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }), { minLength: p.reviewers.length, maxLength: p.reviewers.length }),
      existing: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
    })
    .map(({ capacities, existing }): AssignmentProblem => {
      const pairs = new Map<string, { applicationId: string; reviewerId: string }>()
      if (p.applications.length) {
        for (const [a, r] of existing) {
          const x = { applicationId: p.applications[a % p.applications.length]!.id, reviewerId: p.reviewers[r % p.reviewers.length]!.id }
          pairs.set(pairKey(x.reviewerId, x.applicationId), x)
        }
      }
      return { ...p, reviewers: p.reviewers.map((r, i) => ({ ...r, capacity: capacities[i]! })), existing: [...pairs.values()] }
    }),
)

describe('assignReviewers', () => {
  it('gives every application k reviewers whenever k reviewers are eligible for it (property)', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const plan = assignReviewers(p)
        for (const a of p.applications) {
          const eligible = p.reviewers.filter((r) => !p.blocked.has(pairKey(r.id, a.id)) && readsLanguage(r.languages, a.language)).length
          const got = plan.added.filter((x) => x.applicationId === a.id).length
          expect(got).toBe(Math.min(p.k, eligible))
          expect(plan.shortfalls.some((s) => s.applicationId === a.id)).toBe(eligible < p.k)
        }
      }),
    )
  })

  it('never assigns a conflicted reviewer, one who cannot read the language, or the same reviewer twice (property)', () => {
    fc.assert(
      fc.property(problems, (p) => {
        const plan = assignReviewers(p)
        const seen = new Set<string>()
        const languageOf = new Map(p.applications.map((a) => [a.id, a.language]))
        const reviewer = new Map(p.reviewers.map((r) => [r.id, r]))
        for (const x of plan.added) {
          expect(p.blocked.has(pairKey(x.reviewerId, x.applicationId))).toBe(false)
          expect(readsLanguage(reviewer.get(x.reviewerId)!.languages, languageOf.get(x.applicationId)!)).toBe(true)
          expect(seen.has(pairKey(x.reviewerId, x.applicationId))).toBe(false)
          seen.add(pairKey(x.reviewerId, x.applicationId))
        }
      }),
    )
  })

  it('spreads the load within one review when nothing constrains it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 5 }), (apps, reviewers, k) => {
        fc.pre(k <= reviewers)
        const plan = assignReviewers({
          applications: ids('a', apps).map((id) => ({ id, language: 'en' })),
          reviewers: ids('r', reviewers).map((id) => ({ id, languages: [] })),
          k,
          blocked: new Set(),
          existing: [],
        })
        const loads = [...plan.load.values()]
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1)
        expect(plan.added.length).toBe(apps * k)
      }),
    )
  })

  it('never gives a reviewer more assignments than their capacity allows (property)', () => {
    fc.assert(
      fc.property(withCapacities, (p) => {
        const plan = assignReviewers(p)
        for (const r of p.reviewers) {
          const before = p.existing.filter((e) => e.reviewerId === r.id).length
          const added = plan.added.filter((x) => x.reviewerId === r.id).length
          expect(plan.load.get(r.id)).toBe(before + added)
          if (r.capacity !== null && r.capacity !== undefined) expect(added).toBeLessThanOrEqual(Math.max(0, r.capacity - before))
        }
      }),
    )
  })

  it('reports every application left short, and leaves one short only when its other eligible reviewers are full (property)', () => {
    fc.assert(
      fc.property(withCapacities, (p) => {
        const plan = assignReviewers(p)
        const load = plan.load
        const capacityOf = new Map(p.reviewers.map((r) => [r.id, r.capacity ?? Infinity]))
        let missing = 0
        for (const a of p.applications) {
          const on = new Set([...p.existing, ...plan.added].filter((x) => x.applicationId === a.id).map((x) => x.reviewerId))
          const eligible = p.reviewers.filter((r) => !p.blocked.has(pairKey(r.id, a.id)) && readsLanguage(r.languages, a.language))
          const shortfall = plan.shortfalls.find((s) => s.applicationId === a.id)
          expect(Boolean(shortfall)).toBe(on.size < p.k)
          if (!shortfall) continue
          missing += p.k - on.size
          const idle = eligible.filter((r) => !on.has(r.id))
          // Nobody eligible with room left was passed over.
          for (const r of idle) expect(load.get(r.id)!).toBeGreaterThanOrEqual(capacityOf.get(r.id)!)
          expect(shortfall).toMatchObject({ assigned: on.size, wanted: p.k, eligible: eligible.length, atCapacity: idle.length })
        }
        if (plan.capacity.available !== null && plan.capacity.available < plan.capacity.needed) expect(missing).toBeGreaterThanOrEqual(plan.capacity.needed - plan.capacity.available)
      }),
    )
  })

  it('stops at a capacity and says so', () => {
    const plan = assignReviewers({
      applications: ids('a', 3).map((id) => ({ id, language: 'en' })),
      reviewers: [{ id: 'r0', languages: [], capacity: 2 }, { id: 'r1', languages: [], capacity: 1 }],
      k: 1,
      blocked: new Set(),
      existing: [],
    })
    expect(plan.added).toEqual([{ applicationId: 'a0', reviewerId: 'r0' }, { applicationId: 'a1', reviewerId: 'r1' }, { applicationId: 'a2', reviewerId: 'r0' }])
    expect(plan.capacity).toEqual({ needed: 3, available: 3 })
    const short = assignReviewers({ applications: ids('a', 3).map((id) => ({ id, language: 'en' })), reviewers: [{ id: 'r0', languages: [], capacity: 2 }], k: 1, blocked: new Set(), existing: [] })
    expect(short.shortfalls).toEqual([{ applicationId: 'a2', assigned: 0, wanted: 1, eligible: 1, atCapacity: 1 }])
    expect(short.capacity).toEqual({ needed: 3, available: 2 })
  })

  it('keeps existing assignments and tops applications up to k', () => {
    const plan = assignReviewers({
      applications: [{ id: 'a0', language: 'en' }, { id: 'a1', language: 'en' }],
      reviewers: ids('r', 3).map((id) => ({ id, languages: [] })),
      k: 2,
      blocked: new Set(),
      existing: [{ applicationId: 'a0', reviewerId: 'r0' }, { applicationId: 'a0', reviewerId: 'r1' }],
    })
    expect(plan.added).toEqual([
      { applicationId: 'a1', reviewerId: 'r2' },
      { applicationId: 'a1', reviewerId: 'r0' },
    ])
    expect(plan.shortfalls).toEqual([])
  })

  it('reports an application nobody may review', () => {
    const plan = assignReviewers({ applications: [{ id: 'a0', language: 'zh-CN' }], reviewers: [{ id: 'r0', languages: ['en'] }], k: 2, blocked: new Set(), existing: [] })
    expect(plan.shortfalls).toEqual([{ applicationId: 'a0', assigned: 0, wanted: 2, eligible: 0, atCapacity: 0 }])
  })
})

describe('detectConflict', () => {
  it('finds the same person and a shared company domain, including subdomains', () => {
    expect(detectConflict({ personId: 'p', email: null }, { personId: 'p', email: null })).toBe('same_person')
    expect(detectConflict({ personId: 'r', email: 'ana@QingCloud.com' }, { personId: 'a', email: 'bo@qingcloud.com' })).toBe('same_email_domain')
    expect(detectConflict({ personId: 'r', email: 'ana@eu.corp.example.net' }, { personId: 'a', email: 'bo@corp.example.net' })).toBe('same_email_domain')
  })
  it('ignores free-mail domains and different companies', () => {
    for (const domain of ['gmail.com', 'qq.com', '163.com', 'outlook.com', 'vip.163.com']) {
      expect(detectConflict({ personId: 'r', email: `ana@${domain}` }, { personId: 'a', email: `bo@${domain}` })).toBeUndefined()
    }
    expect(detectConflict({ personId: 'r', email: 'ana@corp-a.com' }, { personId: 'a', email: 'bo@corp-b.com' })).toBeUndefined()
    expect(detectConflict({ personId: 'r', email: null }, { personId: 'a', email: 'bo@corp-b.com' })).toBeUndefined()
  })
  it('reads domains defensively', () => {
    expect(emailDomain('no-at-sign')).toBeUndefined()
    expect(emailDomain('x@localhost')).toBeUndefined()
  })
})

describe('readsLanguage', () => {
  it('compares primary language subtags and lets an empty list read anything', () => {
    expect(readsLanguage(['zh'], 'zh-CN')).toBe(true)
    expect(readsLanguage(['en'], 'zh-CN')).toBe(false)
    expect(readsLanguage([], 'tr')).toBe(true)
  })
})

describe('detectConflicts', () => {
  it('finds exactly the pairs detectConflict finds (property)', () => {
    const email = fc.option(fc.tuple(fc.constantFrom('ana', 'bo'), fc.constantFrom('corp.com', 'eu.corp.com', 'other.org', 'gmail.com', 'x.eu.corp.com', 'qq.com')).map(([u, d]) => `${u}@${d}`), { nil: null })
    const person = fc.record({ personId: fc.constantFrom('p1', 'p2', 'p3', 'p4'), email })
    fc.assert(
      fc.property(fc.array(person, { maxLength: 5 }), fc.array(person, { maxLength: 8 }), (reviewers, applicantPeople) => {
        const applicants = applicantPeople.map((p, i) => ({ ...p, applicationId: `a${i}` }))
        const found = detectConflicts(reviewers, applicants)
        for (const r of reviewers) for (const a of applicants) expect(found.get(pairKey(r.personId, a.applicationId))).toBe(
          // A person listed twice as reviewer: the pair is conflicted if any of their rows is.
          reviewers.filter((x) => x.personId === r.personId).map((x) => detectConflict(x, a)).find((k) => k === 'same_person') ??
            reviewers.filter((x) => x.personId === r.personId).map((x) => detectConflict(x, a)).find(Boolean),
        )
      }),
    )
  })
})
