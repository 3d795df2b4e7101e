import fs from 'node:fs'
import { expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeCommunity } from '../../../tests/support/factories.ts'
import { findOrCreatePerson } from '../accounts/find-or-create-person.ts'
import { ingestContributions } from '../contributions/store.ts'
import { evaluateCohort } from './evaluate-cohort.ts'
import { applications, evidenceItems } from './schema.ts'
import { createApp } from '../../app.tsx'
import { signedInClient } from '../../../tests/support/sign-in.ts'

describeDb('eligibility from the contribution store', (ctx) => {
  it('counts the applicant’s imported commits per repository in the window, and re-evaluates the cohort', async () => {
    const deps = ctx()
    const c = await makeCommunity(deps.db, {
      program: {
        requirementsAtLeast: 1,
        requirements: [{ key: 'code', title: 'Ten commits to our repositories', kind: 'code_contributions', threshold: 10, windowMonths: 12, settings: { organizations: ['ourorg'] } }],
      },
    })
    const { personId } = await findOrCreatePerson(deps.db, { provider: 'email', subject: 'dev@example.org', email: 'dev@example.org' })
    const [app] = await deps.db.insert(applications).values({ cohortId: c.cohort!.cohortId, personId, status: 'submitted' }).returning()

    // Applications close at the end of March 31, 2025 (Asia/Shanghai): the window is April 1, 2024 – March 31, 2025.
    const commit = (sha: string, repo: string, at: string, email = 'dev@example.org') => ({
      kind: 'commit' as const,
      source: 'git',
      repository: repo,
      externalId: sha,
      occurredAt: new Date(at),
      author: { name: 'Dev', email },
    })
    await ingestContributions(deps.db, [
      ...Array.from({ length: 7 }, (_, i) => commit(`a${i}`, 'ourorg/api', `2024-06-0${i + 1}T10:00:00Z`)),
      ...Array.from({ length: 3 }, (_, i) => commit(`b${i}`, 'ourorg/web', `2025-03-1${i}T10:00:00Z`)),
      commit('old', 'ourorg/web', '2024-03-31T10:00:00Z'), // before the window
      commit('elsewhere', 'otherorg/x', '2024-07-01T10:00:00Z'), // not our organisation
      commit('someone', 'ourorg/api', '2024-07-01T10:00:00Z', 'other@example.org'), // not the applicant
    ])

    const { verdicts } = await evaluateCohort(deps.db, `${c.slug}/ambassadors/2025`)
    const v = verdicts.find((x) => x.applicationId === app!.id)!
    expect(v.verdict.requirements[0]).toMatchObject({ key: 'code', status: 'met', count: 10 })
    expect(v.verdict.overall).toBe('eligible')
    const imported = await deps.db.select().from(evidenceItems).where(and(eq(evidenceItems.applicationId, app!.id), eq(evidenceItems.source, 'import')))
    expect(imported.map((e) => [e.url, e.count]).sort()).toEqual([
      ['https://github.com/ourorg/api', 7],
      ['https://github.com/ourorg/web', 3],
    ])
    // Running it again changes nothing.
    await evaluateCohort(deps.db, `${c.slug}/ambassadors/2025`)
    expect(await deps.db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, app!.id))).toHaveLength(2)
  })

  it('shows imported contributions on the form and counts them when the applicant saves', async () => {
    const deps = ctx()
    deps.setNow(new Date('2025-03-15T04:00:00Z'))
    const c = await makeCommunity(deps.db, {
      program: {
        requirementsAtLeast: 1,
        requirements: [{ key: 'code', title: 'Five commits', kind: 'code_contributions', threshold: 5, windowMonths: 12, settings: { organizations: ['formorg'] } }],
      },
    })
    await ingestContributions(
      deps.db,
      Array.from({ length: 6 }, (_, i) => ({ kind: 'commit' as const, source: 'git', repository: 'formorg/app', externalId: `f${i}`, occurredAt: new Date(`2024-10-0${i + 1}T10:00:00Z`), author: { name: 'Form Dev', email: 'formdev@example.org' } })),
    )
    const app = createApp(deps)
    const browser = await signedInClient(app, deps.db, 'formdev@example.org')
    browser.setCookie('tz', 'America/Lima')
    const form = await browser.get(`/c/${c.slug}/programs/ambassadors/apply`)
    // Applications close at 2025-03-31T16:00Z, which is 11:00 in Lima (UTC−5).
    expect(form.text).toContain('That is 31 March 2025 at 11:00 in your time zone (America/Lima).')
    expect(form.text).toContain('From the contribution record')
    expect(form.text).toContain('href="https://github.com/formorg/app"')
    expect(form.text).toContain('6 contributions to formorg/app (imported, April 1, 2024 – March 31, 2025)')
    // Read in Chinese, the counted item is worded in Chinese as the rest of the form is.
    const chinese = await browser.get(`/c/${c.slug}/programs/ambassadors/apply?lang=zh-CN`)
    expect(chinese.text).toContain('来自贡献记录')
    expect(chinese.text).toContain('向 formorg/app 贡献 6 次（已导入，2024年4月1日 – 2025年3月31日）')
    expect(chinese.text).not.toContain('contributions to formorg/app')
    await browser.get(`/c/${c.slug}/programs/ambassadors/apply?lang=en`)
    const saved = await browser.post(`/c/${c.slug}/programs/ambassadors/apply`, { intent: 'save', displayName: 'Form Dev' })
    expect(saved.status).toBe(200)
    const [stored] = await deps.db.select().from(applications).where(eq(applications.cohortId, c.cohort!.cohortId))
    expect(stored!.eligibilityOverall).toBe('eligible')
    // The stored item keeps what it counted, so the receipt words it in the reader's language too.
    const [item] = await deps.db.select().from(evidenceItems).where(and(eq(evidenceItems.applicationId, stored!.id), eq(evidenceItems.source, 'import')))
    expect(item!.counted).toEqual({ repository: 'formorg/app', firstDay: '2024-04-01', lastDay: '2025-03-31' })
    const receipt = await browser.get(`/applications/${stored!.id}?lang=zh-CN`)
    expect(receipt.status).toBe(200)
    expect(receipt.text).toContain('向 formorg/app 贡献 6 次（已导入，2024年4月1日 – 2025年3月31日）')
    expect(receipt.text).not.toContain('contributions to formorg/app')
    const english = await browser.get(`/applications/${stored!.id}?lang=en`)
    expect(english.text).toContain('6 contributions to formorg/app (imported, April 1, 2024 – March 31, 2025)')
    // Its count and window are in the title; they are not repeated after it.
    expect(english.text).not.toContain('×6')
  })
})

describeDb('migration 0029 (imported evidence keeps what it counted)', (ctx) => {
  it('reads the repository and window of items stored before it back from their English titles, and leaves other items alone', async () => {
    const { db } = ctx()
    const c = await makeCommunity(db)
    const { personId } = await findOrCreatePerson(db, { provider: 'email', subject: 'old@example.org', email: 'old@example.org' })
    const [app] = await db.insert(applications).values({ cohortId: c.cohort!.cohortId, personId, status: 'submitted' }).returning()
    const item = (title: string, type: 'code_contribution' | 'blog_post', source: 'import' | 'self') => ({ applicationId: app!.id, type, title, source, count: 3 })
    const stored = await db
      .insert(evidenceItems)
      .values([
        item('3 contributions to kubesphere/ks-installer (imported, 2022-09-02 – 2023-09-01)', 'code_contribution', 'import'),
        item('1 contribution to kubesphere/website (imported, 2022-09-02 – 2023-09-01)', 'code_contribution', 'import'),
        item('3 contributions to kubesphere/console (imported, 2022-09-02 – 2023-09-01)', 'code_contribution', 'self'),
        item('My blog post', 'blog_post', 'import'),
      ])
      .returning({ id: evidenceItems.id })
    const migration = fs.readFileSync(new URL('../../../drizzle/0029_evidence_counted.sql', import.meta.url), 'utf8')
    for (const statement of migration.split('--> statement-breakpoint')) await db.execute(sql.raw(statement))
    const after = await db.select({ id: evidenceItems.id, counted: evidenceItems.counted }).from(evidenceItems).where(eq(evidenceItems.applicationId, app!.id))
    const counted = (i: number) => after.find((r) => r.id === stored[i]!.id)!.counted
    expect(counted(0)).toEqual({ repository: 'kubesphere/ks-installer', firstDay: '2022-09-02', lastDay: '2023-09-01' })
    expect(counted(1)).toEqual({ repository: 'kubesphere/website', firstDay: '2022-09-02', lastDay: '2023-09-01' })
    // What the applicant typed is theirs, even if it reads like an imported count; a feed item has no count.
    expect(counted(2)).toBeNull()
    expect(counted(3)).toBeNull()
  })
})
