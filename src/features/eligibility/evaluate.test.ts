import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { endOfDay, isCalendarDay } from '../../lib/dates.ts'
import { kubesphereProgram } from '../../db/seed/kubesphere.ts'
import { dayState, UNDATED, UNREADABLE, VALID, windowFirstDay } from './days.ts'
import { evaluateEligibility, requirementWindow } from './evaluate.ts'
import { normaliseUrl } from './evidence.ts'
import type {
  ApplicantStatements,
  EligibilityInput,
  EvidenceItem,
  EvidenceType,
  RequirementKind,
  RequirementRule,
  RequirementVerdict,
} from './types.ts'

// The KubeSphere 2023 calendar: applications until September 1, 2023, Anywhere on Earth.
const AOE = 'Etc/GMT+12'
const DEADLINE = new Date('2023-09-02T12:00:00Z')
const FIRST = '2022-09-02'
const LAST = '2023-09-01'

function rule(kind: RequirementKind, over: Partial<RequirementRule> = {}): RequirementRule {
  return { key: kind, title: `The ${kind} requirement`, kind, mandatory: false, threshold: null, windowMonths: null, settings: {}, ...over }
}

let nextId = 0
function item(type: EvidenceType, occurredOn: string | null, over: Partial<EvidenceItem> = {}): EvidenceItem {
  nextId++
  return { id: `e${nextId}`, type, title: `Item ${nextId}`, url: null, occurredOn, count: 1, source: 'self', ...over }
}

const noStatements: ApplicantStatements = { attestedMinimumAge: null, affirmed: [], freeForm: {} }

function evaluate(over: Partial<EligibilityInput>) {
  return evaluateEligibility({
    requirements: [],
    atLeast: null,
    deadline: DEADLINE,
    timeZone: AOE,
    evidence: [],
    statements: noStatements,
    ...over,
  })
}

/** The verdict of a single requirement. */
function one(r: RequirementRule, evidence: EvidenceItem[], statements: ApplicantStatements = noStatements): RequirementVerdict {
  return evaluate({ requirements: [r], evidence, statements }).requirements[0]!
}

/** The KubeSphere catalogue as rows: the seed's definition with the database's defaults. */
const kubesphereRules: RequirementRule[] = kubesphereProgram.requirements!.map((r) => ({
  key: r.key,
  title: r.title,
  kind: r.kind,
  mandatory: r.mandatory ?? false,
  threshold: r.threshold ?? null,
  windowMonths: r.windowMonths ?? null,
  settings: r.settings ?? {},
}))

describe('requirementWindow', () => {
  it('the KubeSphere year: September 2, 2022 to September 1, 2023 in Anywhere on Earth', () => {
    expect(endOfDay('2023-09-01', AOE)).toEqual(DEADLINE)
    expect(requirementWindow(DEADLINE, AOE, 12)).toEqual({ firstDay: FIRST, lastDay: LAST })
  })

  it('the last day is the day of the instant before the deadline, in the cohort zone', () => {
    // 2023-09-02T11:59:59.999Z is 23:59 on September 1 at UTC−12 but 19:59 on September 2 in Shanghai.
    expect(requirementWindow(DEADLINE, 'Asia/Shanghai', 12)).toEqual({ firstDay: '2022-09-03', lastDay: '2023-09-02' })
    expect(requirementWindow(new Date('2023-09-02T00:00:00Z'), 'UTC', 1)).toEqual({ firstDay: '2023-08-02', lastDay: '2023-09-01' })
    expect(requirementWindow(new Date('2023-09-02T00:00:00.001Z'), 'UTC', 1)).toEqual({ firstDay: '2023-08-03', lastDay: '2023-09-02' })
  })

  it('no window without windowMonths', () => {
    expect(requirementWindow(DEADLINE, AOE, null)).toBeNull()
  })

  it('throws a RangeError on a configuration it cannot read', () => {
    expect(() => requirementWindow(new Date(Number.NaN), AOE, 12)).toThrow(RangeError)
    expect(() => requirementWindow(DEADLINE, 'Mars/Olympus_Mons', 12)).toThrow(RangeError)
    expect(() => requirementWindow(DEADLINE, AOE, 0)).toThrow(RangeError)
    expect(() => requirementWindow(DEADLINE, AOE, 1.5)).toThrow(RangeError)
  })

  // Back `months` months keeping the day of the month (the month's last day when it is shorter), then one day on.
  it.each([
    ['2023-09-01', 12, '2022-09-02'],
    ['2023-03-30', 1, '2023-03-01'],
    ['2023-03-31', 1, '2023-03-01'],
    ['2023-03-29', 1, '2023-03-01'],
    ['2023-03-28', 1, '2023-03-01'],
    ['2023-03-27', 1, '2023-02-28'],
    ['2024-03-30', 1, '2024-03-01'],
    ['2024-03-28', 1, '2024-02-29'],
    ['2024-02-29', 12, '2023-03-01'],
    ['2024-02-28', 12, '2023-03-01'],
    ['2025-02-28', 12, '2024-02-29'],
    ['2023-05-31', 3, '2023-03-01'],
    ['2023-12-31', 1, '2023-12-01'],
    ['2023-01-31', 1, '2023-01-01'],
    ['2023-01-15', 13, '2021-12-16'],
    ['2023-09-01', 120, '2013-09-02'],
  ])('%s, %i months → first day %s', (lastDay, months, firstDay) => {
    expect(windowFirstDay(lastDay, months)).toBe(firstDay)
  })
})

describe('dayState', () => {
  it.each([
    ['2023-09-01', VALID],
    ['2024-02-29', VALID],
    ['2000-02-29', VALID],
    ['2023-02-29', UNREADABLE],
    ['1900-02-29', UNREADABLE],
    ['2023-04-31', UNREADABLE],
    ['2023-13-01', UNREADABLE],
    ['2023-00-10', UNREADABLE],
    ['2023-9-1', UNREADABLE],
    ['2023/09/01', UNREADABLE],
    ['2023-09-01T00:00', UNREADABLE],
    ['２０２３-09-01', UNREADABLE],
    ['', UNDATED],
    [null, UNDATED],
  ])('%j → %i', (s, state) => {
    expect(dayState(s)).toBe(state)
  })

  it('agrees with isCalendarDay on digit-and-dash strings (years 1000–9999)', () => {
    const d = fc.constantFrom(...'0123456789')
    const arb = fc
      .tuple(fc.constantFrom(...'123456789'), fc.string({ unit: d, minLength: 3, maxLength: 3 }), fc.string({ unit: fc.constantFrom(...'0123456789-'), minLength: 6, maxLength: 6 }))
      .map(([a, b, c]) => `${a}${b}${c}`)
    const two = fc.string({ unit: d, minLength: 2, maxLength: 2 })
    const shaped = fc.tuple(fc.integer({ min: 1000, max: 9999 }), two, two).map(([y, m, dd]) => `${y}-${m}-${dd}`)
    fc.assert(
      fc.property(fc.oneof(arb, shaped, dayArb), (s) => {
        expect(dayState(s) === VALID).toBe(isCalendarDay(s))
      }),
      { numRuns: 2000 },
    )
  })
})

describe('window edges', () => {
  const windowed: [RequirementKind, EvidenceType][] = [
    ['content_count', 'blog_post'],
    ['code_contributions', 'code_contribution'],
    ['events', 'event_organized'],
    ['other_projects', 'project_role'],
  ]
  it.each(windowed)('%s counts items on the first and the last day, not the day before or after', (kind, type) => {
    const on = [item(type, FIRST, { title: 'a' }), item(type, LAST, { title: 'b' })]
    const off = [item(type, '2022-09-01', { title: 'c' }), item(type, '2023-09-02', { title: 'd' })]
    const v = one(rule(kind, { threshold: 2, windowMonths: 12 }), [...off, ...on])
    expect(v).toMatchObject({ status: 'met', count: 2, threshold: 2, window: { firstDay: FIRST, lastDay: LAST } })
    expect(v.counted).toEqual(on.map((e) => e.id).sort())
    expect(v.reason).toContain('2 items outside these dates not counted')
  })

  it('without a window every item counts, dated or not, however old or late', () => {
    const evidence = [item('blog_post', '2001-01-01'), item('blog_post', '2030-01-01'), item('blog_post', null), item('blog_post', 'soon')]
    const v = one(rule('content_count', { threshold: 4 }), evidence)
    expect(v).toMatchObject({ status: 'met', count: 4, window: null, reason: '4 of 4 content items' })
  })

  it('undated and unreadable dates do not count in a window, and the reason says so', () => {
    const evidence = [
      item('video', '2023-01-10'),
      item('video', null),
      item('video', ''),
      item('video', '2023-02-30'),
      item('video', '2023-1-10'),
      item('video', 'last spring'),
    ]
    const v = one(rule('content_count', { threshold: 2, windowMonths: 12 }), evidence)
    expect(v).toMatchObject({ status: 'not_met', count: 1, counted: [evidence[0]!.id] })
    expect(v.reason).toBe(
      '1 of 2 content items between September 2, 2022 and September 1, 2023; 2 undated items not counted; 3 items with an unreadable date not counted',
    )
  })
})

describe('time zones', () => {
  const r = rule('events', { threshold: 1, windowMonths: 12 })
  it.each([
    // The same deadline instant ends on September 1 at UTC−12 and on September 2 in Shanghai (UTC+8).
    [AOE, '2023-09-02', 'not_met'],
    ['Asia/Shanghai', '2023-09-02', 'met'],
    [AOE, '2022-09-02', 'met'],
    ['Asia/Shanghai', '2022-09-02', 'not_met'],
    [AOE, '2023-09-01', 'met'],
    ['Asia/Shanghai', '2023-09-01', 'met'],
  ])('in %s an event on %s is %s', (timeZone, day, status) => {
    const v = evaluate({ requirements: [r], timeZone, evidence: [item('event_presented', day)] }).requirements[0]!
    expect(v.status).toBe(status)
  })
})

describe('requirement kinds', () => {
  const W = { windowMonths: 12 }
  const cases: [string, RequirementRule, EvidenceItem[], Partial<RequirementVerdict>][] = [
    [
      'content: default types, counts summed',
      rule('content_count', { threshold: 4, ...W }),
      [item('blog_post', '2023-01-01'), item('video', '2023-01-02', { count: 2 }), item('user_case', '2023-01-03')],
      { status: 'met', count: 4, reason: '4 of 4 content items between September 2, 2022 and September 1, 2023' },
    ],
    [
      'content: social posts and talks count, code and events do not',
      rule('content_count', { threshold: 3, ...W }),
      [item('social_post', '2023-01-01'), item('talk', '2023-01-02'), item('code_contribution', '2023-01-03'), item('event_organized', '2023-01-03'), item('other', '2023-01-03')],
      { status: 'not_met', count: 2 },
    ],
    [
      'content: settings.contentTypes restricts the types',
      rule('content_count', { threshold: 2, settings: { contentTypes: ['blog_post'] }, ...W }),
      [item('blog_post', '2023-01-01'), item('video', '2023-01-02')],
      { status: 'not_met', count: 1, reason: '1 of 2 content items between September 2, 2022 and September 1, 2023' },
    ],
    [
      'content: odd settings fall back to the default types',
      rule('content_count', { threshold: 1, settings: { contentTypes: 'blogs' }, ...W }),
      [item('video', '2023-01-02')],
      { status: 'met', count: 1 },
    ],
    [
      'code: an imported row of 23 commits meets twenty',
      rule('code_contributions', { threshold: 20, ...W }),
      [item('code_contribution', '2023-05-01', { count: 23, source: 'import' })],
      { status: 'met', count: 23, reason: '23 of 20 contributions between September 2, 2022 and September 1, 2023' },
    ],
    [
      'code: 19 of 20',
      rule('code_contributions', { threshold: 20, ...W }),
      [item('code_contribution', '2023-05-01', { count: 10 }), item('code_contribution', '2023-06-01', { count: 9 }), item('blog_post', '2023-06-01', { count: 9 })],
      { status: 'not_met', count: 19 },
    ],
    [
      'code: counts below 1 or not whole count as 1 (floor)',
      rule('code_contributions', { threshold: 4, ...W }),
      [item('code_contribution', '2023-05-01', { count: 0 }), item('code_contribution', '2023-05-01', { count: -5 }), item('code_contribution', '2023-05-01', { count: 2.7 })],
      { status: 'met', count: 4 },
    ],
    [
      'events: organised and presented both count',
      rule('events', { threshold: 2, ...W }),
      [item('event_organized', '2023-01-01'), item('event_presented', '2023-02-01'), item('talk', '2023-02-01')],
      { status: 'met', count: 2, reason: '2 of 2 events between September 2, 2022 and September 1, 2023' },
    ],
    [
      'events: none',
      rule('events', { threshold: 1, ...W }),
      [],
      { status: 'not_met', count: 0, counted: [], reason: '0 of 1 event between September 2, 2022 and September 1, 2023' },
    ],
    [
      'events: a counting requirement without threshold needs 1',
      rule('events', W),
      [item('event_organized', '2023-01-01')],
      { status: 'met', count: 1, threshold: 1 },
    ],
    [
      'other projects: distinct by normalised url, else by folded title; counts are not summed',
      rule('other_projects', { threshold: 3 }),
      [
        item('project_role', null, { url: 'https://github.com/kubeedge', title: 'KubeEdge', count: 5 }),
        item('project_role', null, { url: 'http://www.GitHub.com/kubeedge/', title: 'KubeEdge maintainer' }),
        item('project_role', null, { title: 'Open Telemetry' }),
        item('project_role', null, { title: '  open   TELEMETRY ' }),
      ],
      { status: 'not_met', count: 2, window: null },
    ],
    [
      'other projects: three distinct ones, undated, without a window',
      rule('other_projects', { threshold: 2 }),
      [
        item('project_role', null, { url: 'https://github.com/kubeedge', title: 'KubeEdge' }),
        item('project_role', '2010-01-01', { title: 'Open Telemetry' }),
        item('project_role', 'n/a', { title: 'Jaeger' }),
      ],
      { status: 'met', count: 3, reason: '3 of 2 projects' },
    ],
    [
      'other projects: the window applies when windowMonths is set',
      rule('other_projects', { threshold: 2, windowMonths: 24 }),
      [item('project_role', '2021-09-02', { title: 'Jaeger' }), item('project_role', '2021-09-01', { title: 'Envoy' }), item('project_role', null, { title: 'Linkerd' })],
      { status: 'not_met', count: 1, window: { firstDay: '2021-09-02', lastDay: LAST } },
    ],
  ]
  it.each(cases)('%s', (_, r, evidence, expected) => {
    expect(one(r, evidence)).toMatchObject(expected)
  })

  it('counted lists the ids of the evidence that counted, sorted', () => {
    const evidence = [item('blog_post', '2023-01-01', { id: 'z' }), item('blog_post', '2020-01-01', { id: 'a' }), item('blog_post', '2023-01-01', { id: 'm' })]
    expect(one(rule('content_count', { threshold: 1, windowMonths: 12 }), evidence).counted).toEqual(['m', 'z'])
  })

  const age = (over: Partial<RequirementRule> = {}) => rule('age_attestation', { key: 'age', mandatory: true, ...over })
  it.each([
    [age(), null, 'not_met', 'Confirm that you are at least 18 years old'],
    [age(), 17, 'not_met', 'You confirm being at least 17; the program requires 18 or older'],
    [age(), 18, 'met', 'You confirm that you are at least 18 years old'],
    [age(), 21, 'met', 'You confirm that you are at least 18 years old'],
    [age({ settings: { minimumAge: 21 } }), 18, 'not_met', 'You confirm being at least 18; the program requires 21 or older'],
    [age({ settings: { minimumAge: '21' } }), 18, 'met', 'You confirm that you are at least 18 years old'],
  ])('age attestation %#: attested %s → %s', (r, attested, status, reason) => {
    const v = one(r, [], { ...noStatements, attestedMinimumAge: attested })
    expect(v).toMatchObject({ status, reason, count: null, threshold: null, window: null, counted: [] })
  })

  it.each([
    [['be-kind'], 'met', 'You affirm this'],
    [['promote-brand'], 'not_met', 'Affirm this to meet it'],
    [[], 'not_met', 'Affirm this to meet it'],
  ])('statement: affirmed %j → %s', (affirmed, status, reason) => {
    expect(one(rule('statement', { key: 'be-kind' }), [], { ...noStatements, affirmed })).toMatchObject({ status, reason })
  })

  it.each([
    [{ knowledge: 'I run KubeSphere in production at work.' }, 'needs_review', 'Reviewers will read what you wrote'],
    [{ knowledge: '  \n ' }, 'not_met', 'Tell reviewers about this in your own words'],
    [{ other: 'text' }, 'not_met', 'Tell reviewers about this in your own words'],
    [{}, 'not_met', 'Tell reviewers about this in your own words'],
  ])('free form: %j → %s', (freeForm, status, reason) => {
    expect(one(rule('free_form', { key: 'knowledge' }), [], { ...noStatements, freeForm })).toMatchObject({ status, reason })
  })

  it('free form keys are own keys only ("constructor" is not text)', () => {
    expect(one(rule('free_form', { key: 'constructor' }), []).status).toBe('not_met')
  })

  it('a kind the engine does not know is left to reviewers', () => {
    const odd = { ...rule('statement'), kind: 'interview' } as unknown as RequirementRule
    expect(one(odd, [])).toMatchObject({ status: 'needs_review' })
  })
})

describe('duplicates', () => {
  const content = rule('content_count', { threshold: 1, windowMonths: 12 })

  it('the same type and link counts once, whatever the scheme, www, case of the host, trailing slash or fragment', () => {
    const evidence = [
      item('blog_post', '2023-01-01', { url: 'https://kubesphere.io/blogs/ks-on-arm/' }),
      item('blog_post', '2023-01-02', { url: 'http://www.KubeSphere.io/blogs/ks-on-arm' }),
      item('blog_post', '2023-01-03', { url: ' https://kubesphere.io/blogs/ks-on-arm#intro ' }),
    ]
    const v = one(content, evidence)
    expect(v).toMatchObject({ count: 1, counted: [evidence[0]!.id] })
    expect(v.reason).toContain('2 duplicates counted once')
  })

  it('different types with the same link, and links differing in path case or query, are not duplicates', () => {
    const evidence = [
      item('blog_post', '2023-01-01', { url: 'https://example.org/a' }),
      item('video', '2023-01-01', { url: 'https://example.org/a' }),
      item('blog_post', '2023-01-01', { url: 'https://example.org/A' }),
      item('video', '2023-01-01', { url: 'https://youtube.com/watch?v=abc' }),
      item('video', '2023-01-01', { url: 'https://youtube.com/watch?v=abd' }),
    ]
    expect(one(content, evidence).count).toBe(5)
  })

  it('of duplicates the largest count is kept', () => {
    const evidence = [
      item('code_contribution', '2023-01-01', { url: 'https://github.com/kubesphere/kubesphere/pulls?q=author:me', count: 12, source: 'import' }),
      item('code_contribution', '2023-01-01', { url: 'https://github.com/kubesphere/kubesphere/pulls?q=author:me', count: 23, source: 'import' }),
    ]
    expect(one(rule('code_contributions', { threshold: 20, windowMonths: 12 }), evidence)).toMatchObject({ status: 'met', count: 23, counted: [evidence[1]!.id] })
  })

  it('a duplicate outside the window does not hide the one inside', () => {
    const evidence = [item('blog_post', '2020-01-01', { url: 'https://example.org/a' }), item('blog_post', '2023-01-01', { url: 'https://example.org/a' })]
    expect(one(content, evidence)).toMatchObject({ count: 1, counted: [evidence[1]!.id] })
  })

  it.each([
    ['HTTPS://WWW.Example.ORG:443/Path/?x=1#top', 'example.org/Path?x=1'],
    ['example.org/path//', 'example.org/path'],
    ['  ', null],
    ['#', null],
    ['not a url', 'not a url'],
    ['https://example.org/path/?q=1', 'example.org/path?q=1'],
    ['HTTP://x.org:80/', 'x.org'],
    ['https://x.org?', 'x.org'],
    ['https://x.org/a/?#b', 'x.org/a'],
    ['//cdn.x.org/a', 'cdn.x.org/a'],
    ['https://bücher.DE/Ä', 'bücher.de/Ä'],
    ['https://', null],
  ])('normaliseUrl(%j) = %j', (raw, key) => {
    expect(normaliseUrl(raw)).toBe(key)
  })
})

describe('at least N of the non-mandatory requirements', () => {
  /** Requirements whose status the statements set: 'm' met, 'r' needs review, 'n' not met; upper case = mandatory. */
  function scenario(pattern: string, atLeast: number | null) {
    const requirements: RequirementRule[] = []
    const statements: ApplicantStatements = { attestedMinimumAge: null, affirmed: [], freeForm: {} }
    ;[...pattern].forEach((c, i) => {
      const key = `r${i}`
      const mandatory = c === c.toUpperCase()
      const s = c.toLowerCase()
      requirements.push(rule(s === 'r' ? 'free_form' : 'statement', { key, title: `R${i}`, mandatory }))
      if (s === 'm') statements.affirmed.push(key)
      if (s === 'r') statements.freeForm[key] = 'Please read this.'
    })
    return evaluate({ requirements, atLeast, statements })
  }

  it.each([
    ['MMMmmnnnn', 2, 'eligible', 2, 0, 6, 2],
    ['MMMmnnnnn', 2, 'not_eligible', 1, 0, 6, 2],
    ['MMMmrnnnn', 2, 'needs_review', 1, 1, 6, 2],
    ['MMMrrnnnn', 2, 'needs_review', 0, 2, 6, 2],
    ['MMMrnnnnn', 2, 'not_eligible', 0, 1, 6, 2],
    ['MMNmmmmmm', 2, 'not_eligible', 6, 0, 6, 2],
    ['MMRmmnnnn', 2, 'needs_review', 2, 0, 6, 2],
    // A mandatory one under review cannot make up for missing optional ones.
    ['MMRmnnnnn', 2, 'not_eligible', 1, 0, 6, 2],
    ['mmm', null, 'eligible', 3, 0, 3, 3],
    ['mmn', null, 'not_eligible', 2, 0, 3, 3],
    ['mmr', null, 'needs_review', 2, 1, 3, 3],
    ['mmm', 10, 'eligible', 3, 0, 3, 3],
    ['mmn', 10, 'not_eligible', 2, 0, 3, 3],
    ['nnn', 0, 'eligible', 0, 0, 3, 0],
    ['MM', 2, 'eligible', 0, 0, 0, 0],
    ['MN', null, 'not_eligible', 0, 0, 0, 0],
    ['', null, 'eligible', 0, 0, 0, 0],
    ['mmn', -1, 'eligible', 2, 0, 3, 0],
  ])('%s with atLeast %s → %s', (pattern, atLeast, overall, met, pending, total, needed) => {
    const v = scenario(pattern, atLeast)
    expect(v).toMatchObject({ overall, optionalMet: met, optionalPending: pending, optionalTotal: total, optionalNeeded: needed })
    expect(v.mandatoryMet).toBe(!/[NR]/.test(pattern))
  })

  it.each([
    ['MMMmmnnnn', 2, 'You meet 2 of the 6; you need 2. You meet all 3 mandatory requirements.'],
    ['MMMmrnnnn', 2, 'You meet 1 of the 6, and 1 is waiting for review; you need 2. You meet all 3 mandatory requirements.'],
    ['MNRmrrnnn', 2, 'You meet 1 of the 6, and 2 are waiting for review; you need 2. You do not yet meet 1 of the 3 mandatory requirements: “R1”. Reviewers will check the mandatory requirement “R2”.'],
    ['Nmm', null, 'You meet 2 of the 2; you need all 2. You do not yet meet the mandatory requirement “R0”.'],
    ['Mm', 0, 'You meet 1 of the 1; you need none of them. You meet the mandatory requirement.'],
    ['MM', 2, 'You meet all 2 mandatory requirements.'],
    ['', null, 'This program sets no formal requirements.'],
  ])('summary of %s (atLeast %s)', (pattern, atLeast, summary) => {
    expect(scenario(pattern, atLeast).summary).toBe(summary)
  })
})

describe('the KubeSphere example', () => {
  const yes: ApplicantStatements = { attestedMinimumAge: 18, affirmed: ['be-kind', 'promote-brand'], freeForm: {} }
  // "For example, contributing a KubeSphere user case and two technical blogs."
  const example = [
    item('user_case', '2023-06-10', { title: 'KubeSphere at ACME', url: 'https://kubesphere.io/case/acme/' }),
    item('blog_post', '2023-03-01', { title: 'Multi-cluster with KubeSphere', url: 'https://blog.example.org/ks-multicluster' }),
    item('blog_post', '2023-07-20', { title: 'KubeSphere DevOps pipelines', url: 'https://blog.example.org/ks-devops' }),
  ]
  const byKey = (v: { requirements: RequirementVerdict[] }) => Object.fromEntries(v.requirements.map((r) => [r.key, r]))

  it('the page’s own example is 3 content items: with a threshold of 4 it meets none of the six, so not eligible', () => {
    const v = evaluate({ requirements: kubesphereRules, atLeast: kubesphereProgram.requirementsAtLeast!, evidence: example, statements: yes })
    const r = byKey(v)
    expect(r['content']).toMatchObject({
      status: 'not_met',
      count: 3,
      threshold: 4,
      reason: '3 of 4 content items between September 2, 2022 and September 1, 2023',
    })
    expect(r['be-kind']!.status).toBe('met')
    expect(r['promote-brand']!.status).toBe('met')
    expect(r['age-18']!.status).toBe('met')
    expect(v).toMatchObject({ mandatoryMet: true, optionalMet: 0, optionalPending: 0, optionalTotal: 6, optionalNeeded: 2, overall: 'not_eligible' })
    expect(v.summary).toBe('You meet 0 of the 6; you need 2. You meet all 3 mandatory requirements.')
  })

  it('with the two knowledge questions answered, reviewers decide', () => {
    const statements = { ...yes, freeForm: { 'cloud-native-knowledge': 'I operate 40 clusters.', 'future-knowledge': 'Edge computing.' } }
    const v = evaluate({ requirements: kubesphereRules, atLeast: 2, evidence: example, statements })
    expect(v).toMatchObject({ optionalMet: 0, optionalPending: 2, overall: 'needs_review' })
  })

  it('a fourth item and a talk at a meetup make it eligible', () => {
    const evidence = [...example, item('event_presented', '2023-08-30', { title: 'KubeSphere meetup Istanbul' })]
    const v = evaluate({ requirements: kubesphereRules, atLeast: 2, evidence: [...evidence, item('video', '2023-09-01')], statements: yes })
    expect(byKey(v)['content']).toMatchObject({ status: 'met', count: 4 })
    expect(byKey(v)['event']).toMatchObject({ status: 'met', count: 1 })
    expect(v).toMatchObject({ optionalMet: 2, overall: 'eligible' })
  })

  it('without the age attestation it is not eligible, whatever else', () => {
    const v = evaluate({ requirements: kubesphereRules, atLeast: 2, evidence: example, statements: { ...yes, attestedMinimumAge: null } })
    expect(v).toMatchObject({ mandatoryMet: false, overall: 'not_eligible' })
  })
})

describe('odd data', () => {
  it('never throws on odd evidence, statements or settings', () => {
    const evidence = [
      null,
      42,
      { id: 7, type: 'blog_post', title: null, url: 12, occurredOn: 20230101, count: 'many', source: 'x' },
      { id: {}, type: 'project_role', title: {}, url: [], occurredOn: {}, count: Number.NaN },
      { type: '__proto__' },
    ] as unknown as EvidenceItem[]
    const requirements = [
      ...kubesphereRules,
      rule('content_count', { key: 'odd', threshold: -3, windowMonths: 0, settings: { contentTypes: [null, 'blog_post', {}] } }),
      { ...rule('statement'), settings: null } as unknown as RequirementRule,
    ]
    const statements = { attestedMinimumAge: '18', affirmed: 'be-kind', freeForm: null } as unknown as ApplicantStatements
    const v = evaluate({ requirements, atLeast: 2, evidence, statements })
    expect(v.requirements.find((r) => r.key === 'odd')).toMatchObject({ status: 'met', count: 1, threshold: 1, window: null, counted: ['7'] })
    expect(v.requirements.find((r) => r.key === 'age-18')!.status).toBe('not_met')
    expect(v.overall).toBe('not_eligible')
  })

  it('throws a RangeError for an invalid deadline or an unknown zone (configuration, not applicant data)', () => {
    expect(() => evaluate({ deadline: new Date('soon') })).toThrow(RangeError)
    expect(() => evaluate({ timeZone: 'Nowhere/Else' })).toThrow(RangeError)
  })
})

describe('in Simplified Chinese', () => {
  const W = { windowMonths: 12 }
  const zh = (r: RequirementRule, evidence: EvidenceItem[], statements: ApplicantStatements = noStatements) =>
    evaluate({ requirements: [r], evidence, statements, locale: 'zh-CN' }).requirements[0]!

  const cases: [string, RequirementRule, EvidenceItem[], ApplicantStatements, string][] = [
    ['content, in a window', rule('content_count', { threshold: 4, ...W }), [item('blog_post', '2023-01-01'), item('video', '2023-01-02')], noStatements, '2022年9月2日至2023年9月1日期间有 2 项内容，需要 4 项'],
    [
      'content, with every exclusion',
      rule('content_count', { threshold: 2, ...W }),
      [
        item('video', '2023-01-10', { url: 'https://example.org/a' }),
        item('video', '2023-01-11', { url: 'http://www.example.org/a/' }),
        item('video', null),
        item('video', '2023-02-30'),
        item('video', 'last spring'),
        item('video', '2022-09-01'),
      ],
      noStatements,
      '2022年9月2日至2023年9月1日期间有 1 项内容，需要 2 项；1 项未注明日期，未计入；2 项日期无法识别，未计入；1 项不在此期间内，未计入；1 项重复材料不重复计算',
    ],
    ['content, without a window', rule('content_count', { threshold: 1 }), [item('talk', null)], noStatements, '共有 1 项内容，需要 1 项'],
    ['code contributions', rule('code_contributions', { threshold: 20, ...W }), [item('code_contribution', '2023-05-01', { count: 23, source: 'import' })], noStatements, '2022年9月2日至2023年9月1日期间有 23 次贡献，需要 20 次'],
    ['events', rule('events', { threshold: 1, ...W }), [], noStatements, '2022年9月2日至2023年9月1日期间有 0 场活动，需要 1 场'],
    [
      'other projects, roles in the same project',
      rule('other_projects', { threshold: 2 }),
      [item('project_role', null, { title: 'Jaeger' }), item('project_role', null, { title: 'jaeger ' }), item('project_role', null, { title: 'Envoy' })],
      noStatements,
      '共有 2 个项目，需要 2 个；同一项目中的另外 1 个角色不重复计算',
    ],
    ['age, not attested', rule('age_attestation', { mandatory: true }), [], noStatements, '请确认您已年满 18 周岁'],
    ['age, attested', rule('age_attestation', { mandatory: true }), [], { ...noStatements, attestedMinimumAge: 18 }, '您已确认年满 18 周岁'],
    ['age, too young', rule('age_attestation', { mandatory: true, settings: { minimumAge: 21 } }), [], { ...noStatements, attestedMinimumAge: 18 }, '您确认的是年满 18 周岁；本项目要求年满 21 周岁'],
    ['statement, affirmed', rule('statement', { key: 'be-kind' }), [], { ...noStatements, affirmed: ['be-kind'] }, '您已确认此项'],
    ['statement, not affirmed', rule('statement', { key: 'be-kind' }), [], noStatements, '确认此项即可满足'],
    ['free form, written', rule('free_form', { key: 'k' }), [], { ...noStatements, freeForm: { k: '我在生产环境中使用 KubeSphere。' } }, '评审会阅读您填写的内容'],
    ['free form, blank', rule('free_form', { key: 'k' }), [], { ...noStatements, freeForm: { k: ' ' } }, '请用您自己的话向评审说明'],
    ['a kind the engine does not know', { ...rule('statement'), kind: 'interview' } as unknown as RequirementRule, [], noStatements, '评审会审核此项要求（类型“interview”无法自动评估）'],
  ]
  it.each(cases)('reason: %s', (_, r, evidence, statements, reason) => {
    expect(zh(r, evidence, statements).reason).toBe(reason)
  })

  it('a window in another zone and year is labelled with its own days', () => {
    const v = evaluate({ requirements: [rule('events', { threshold: 1, windowMonths: 1 })], deadline: new Date('2025-03-31T16:00:00Z'), timeZone: 'Asia/Shanghai', locale: 'zh-CN' })
    expect(v.requirements[0]!.reason).toBe('2025年3月1日至2025年3月31日期间有 0 场活动，需要 1 场')
    // The label caches are per locale: English afterwards is still English.
    expect(evaluate({ requirements: [rule('events', { threshold: 1, windowMonths: 1 })], deadline: new Date('2025-03-31T16:00:00Z'), timeZone: 'Asia/Shanghai' }).requirements[0]!.reason).toBe(
      '0 of 1 event between March 1, 2025 and March 31, 2025',
    )
  })

  /** Requirements whose status the statements set: 'm' met, 'r' needs review, 'n' not met; upper case = mandatory. */
  function scenario(pattern: string, atLeast: number | null) {
    const requirements: RequirementRule[] = []
    const statements: ApplicantStatements = { attestedMinimumAge: null, affirmed: [], freeForm: {} }
    ;[...pattern].forEach((c, i) => {
      const key = `r${i}`
      const s = c.toLowerCase()
      requirements.push(rule(s === 'r' ? 'free_form' : 'statement', { key, title: `R${i}`, mandatory: c === c.toUpperCase() }))
      if (s === 'm') statements.affirmed.push(key)
      if (s === 'r') statements.freeForm[key] = '请阅读。'
    })
    return evaluate({ requirements, atLeast, statements, locale: 'zh-CN' })
  }

  it.each([
    ['MMMmmnnnn', 2, '您满足其余 6 项中的 2 项，需要 2 项。3 项必备条件均已满足。'],
    ['MMMmrnnnn', 2, '您满足其余 6 项中的 1 项，另有 1 项等待评审；需要 2 项。3 项必备条件均已满足。'],
    ['MNRmrrnnn', 2, '您满足其余 6 项中的 1 项，另有 2 项等待评审；需要 2 项。3 项必备条件中，您尚有 1 项未满足：“R1”。评审将审核必备条件“R2”。'],
    ['NNRRm', 1, '您满足其余 1 项中的 1 项，需要 1 项。4 项必备条件中，您尚有 2 项未满足：“R0”、“R1”。评审将审核 2 项必备条件：“R2”、“R3”。'],
    ['Nmm', null, '您满足其余 2 项中的 2 项，需要全部 2 项。您尚未满足必备条件“R0”。'],
    ['Mm', 0, '您满足其余 1 项中的 1 项，不要求满足其中任何一项。必备条件已满足。'],
    ['mmn', null, '您满足 3 项中的 2 项，需要全部 3 项。'],
    ['MM', 2, '2 项必备条件均已满足。'],
    ['', null, '此项目未设定正式要求。'],
  ])('summary of %s (atLeast %s)', (pattern, atLeast, summary) => {
    expect(scenario(pattern, atLeast).summary).toBe(summary)
  })

  it('the KubeSphere example in Chinese', () => {
    const statements: ApplicantStatements = { attestedMinimumAge: 18, affirmed: ['be-kind', 'promote-brand'], freeForm: {} }
    const evidence = [item('user_case', '2023-06-10'), item('blog_post', '2023-03-01'), item('blog_post', '2023-07-20')]
    const v = evaluate({ requirements: kubesphereRules, atLeast: 2, evidence, statements, locale: 'zh-CN' })
    expect(v.requirements.find((r) => r.key === 'content')!.reason).toBe('2022年9月2日至2023年9月1日期间有 3 项内容，需要 4 项')
    expect(v.summary).toBe('您满足其余 6 项中的 0 项，需要 2 项。3 项必备条件均已满足。')
  })

  it('English is the default, and a locale it does not speak reads as English', () => {
    const input = { requirements: kubesphereRules, atLeast: 2, statements: noStatements }
    const english = evaluate(input)
    expect(evaluate({ ...input, locale: 'en' })).toEqual(english)
    expect(evaluate({ ...input, locale: 'fr' as unknown as 'en' })).toEqual(english)
  })
})

// ---------------------------------------------------------------------------------------------- properties

const EVIDENCE_TYPES: EvidenceType[] = ['blog_post', 'video', 'social_post', 'talk', 'user_case', 'code_contribution', 'event_organized', 'event_presented', 'project_role', 'other']
const KINDS: RequirementKind[] = ['content_count', 'code_contributions', 'events', 'other_projects', 'age_attestation', 'statement', 'free_form']

const dayArb = fc
  .date({ min: new Date('2021-06-01T00:00:00Z'), max: new Date('2024-01-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const urlArb = fc.option(
  fc.oneof(fc.constantFrom('https://a.example/x', 'http://www.a.example/x/', 'https://b.example/y', 'https://B.example/y#z'), fc.webUrl(), fc.string()),
)
const itemArb: fc.Arbitrary<EvidenceItem> = fc.record({
  id: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string()),
  type: fc.constantFrom(...EVIDENCE_TYPES),
  title: fc.oneof(fc.constantFrom('Jaeger', 'jaeger ', 'Envoy'), fc.string()),
  url: urlArb,
  occurredOn: fc.option(fc.oneof(dayArb, dayArb, fc.string())),
  count: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.double()),
  source: fc.constantFrom('self' as const, 'import' as const),
})
const ruleArb: fc.Arbitrary<RequirementRule> = fc.record({
  key: fc.constantFrom('k1', 'k2', 'k3', 'k4'),
  title: fc.string(),
  kind: fc.constantFrom(...KINDS),
  mandatory: fc.boolean(),
  threshold: fc.option(fc.integer({ min: 1, max: 6 })),
  windowMonths: fc.option(fc.integer({ min: 1, max: 24 })),
  settings: fc.oneof(fc.constant({}), fc.constant({ contentTypes: ['blog_post', 'talk'] }), fc.constant({ minimumAge: 21 })),
})
const statementsArb: fc.Arbitrary<ApplicantStatements> = fc.record({
  attestedMinimumAge: fc.option(fc.integer({ min: 0, max: 99 })),
  affirmed: fc.subarray(['k1', 'k2', 'k3', 'k4']),
  freeForm: fc.dictionary(fc.constantFrom('k1', 'k2', 'k3', 'k4'), fc.string()),
})
const inputArb = fc.record({
  requirements: fc.oneof(fc.constant(kubesphereRules), fc.array(ruleArb, { maxLength: 8 })),
  atLeast: fc.option(fc.integer({ min: 0, max: 8 })),
  deadline: fc.constant(DEADLINE),
  timeZone: fc.constantFrom(AOE, 'Asia/Shanghai', 'UTC', 'America/Sao_Paulo'),
  evidence: fc.array(itemArb, { maxLength: 25 }),
  statements: statementsArb,
})

describe('properties', () => {
  it('adding an evidence item never lowers what is met, nor turns a met requirement into not met', () => {
    fc.assert(
      fc.property(inputArb, itemArb, fc.nat(), (input, extra, at) => {
        const before = evaluateEligibility(input)
        const evidence = [...input.evidence]
        evidence.splice(at % (evidence.length + 1), 0, extra)
        const after = evaluateEligibility({ ...input, evidence })
        const met = (v: typeof before) => v.requirements.filter((r) => r.status === 'met').length
        expect(met(after)).toBeGreaterThanOrEqual(met(before))
        expect(after.optionalMet).toBeGreaterThanOrEqual(before.optionalMet)
        before.requirements.forEach((r, i) => {
          if (r.status === 'met') expect(after.requirements[i]!.status).toBe('met')
          if (r.count !== null) expect(after.requirements[i]!.count!).toBeGreaterThanOrEqual(r.count)
        })
        if (before.overall === 'eligible') expect(after.overall).toBe('eligible')
      }),
      { numRuns: 500 },
    )
  })

  it('the verdict is deterministic and does not depend on the order of the evidence', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.nat()), (input, keys) => {
        const first = evaluateEligibility(input)
        expect(evaluateEligibility(input)).toEqual(first)
        const shuffled = input.evidence
          .map((e, i) => ({ e, k: keys[i] ?? i }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.e)
        expect(evaluateEligibility({ ...input, evidence: shuffled })).toEqual(first)
        expect(evaluateEligibility({ ...input, evidence: [...input.evidence].reverse() })).toEqual(first)
      }),
      { numRuns: 500 },
    )
  })

  it('statuses, counts and everything but the sentences are the same whatever the locale', () => {
    const sentencesApart = ({ summary: _s, requirements, ...rest }: ReturnType<typeof evaluateEligibility>) => ({
      ...rest,
      requirements: requirements.map(({ reason: _r, ...r }) => r),
    })
    fc.assert(
      fc.property(inputArb, (input) => {
        const en = evaluateEligibility(input)
        const zh = evaluateEligibility({ ...input, locale: 'zh-CN' })
        expect(sentencesApart(zh)).toEqual(sentencesApart(en))
        expect(evaluateEligibility({ ...input, locale: 'en' })).toEqual(en)
        // Every sentence is written: Chinese ones have Chinese in them (or, for an empty catalogue, are the one sentence).
        expect(zh.summary).toMatch(/[\u4e00-\u9fff]/)
        for (const r of zh.requirements) expect(r.reason).toMatch(/[\u4e00-\u9fff]/)
      }),
      { numRuns: 500 },
    )
  })

  it('never throws on arbitrary strings for ids, dates, links and titles', () => {
    const wild: fc.Arbitrary<EvidenceItem> = fc.record({
      id: fc.string({ unit: 'binary' }),
      type: fc.constantFrom(...EVIDENCE_TYPES),
      title: fc.string({ unit: 'binary' }),
      url: fc.option(fc.string({ unit: 'binary' })),
      occurredOn: fc.option(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ minLength: 10, maxLength: 10, unit: fc.constantFrom(...'0123456789-') }))),
      count: fc.oneof(fc.integer(), fc.double()),
      source: fc.constantFrom('self' as const, 'import' as const),
    })
    fc.assert(
      fc.property(inputArb, fc.array(wild, { maxLength: 20 }), fc.dictionary(fc.string(), fc.string({ unit: 'binary' })), (input, evidence, freeForm) => {
        const v = evaluateEligibility({ ...input, evidence, statements: { ...input.statements, freeForm } })
        expect(v.requirements).toHaveLength(input.requirements.length)
        expect(['eligible', 'needs_review', 'not_eligible']).toContain(v.overall)
      }),
      { numRuns: 500 },
    )
  })
})
