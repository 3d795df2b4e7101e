import { describe, expect, it } from 'vitest'
import { asc, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { seedDemo } from './demo.ts'
import { issueDemoCredentials } from './demo-credentials.ts'
import { credentials } from '../../features/credentials/schema.ts'
import { createApp } from '../../app.tsx'
import { cohortPhases, cohorts, communities, programs, requirements, applicationQuestions, selectionCriteria } from '../schema.ts'
import { people } from '../../features/people/schema.ts'
import { memberships } from '../../features/memberships/schema.ts'
import { auditLog } from '../../features/audit/schema.ts'

describeDb('demo seed', (ctx) => {
  it('loads KubeSphere 2023 exactly as the seed documents state, and OpenStack', async () => {
    const { db } = ctx()
    const report = await seedDemo(db, new Date('2026-11-22T00:00:00Z'))
    expect(report.created).toEqual(['kubesphere', 'openstack'])

    const [ksap] = await db.select().from(programs).where(eq(programs.slug, 'ksap'))
    expect(ksap).toMatchObject({ targetSeats: 25, requirementsAtLeast: 2, termMonths: 12 })
    expect(ksap!.benefits).toHaveLength(8)
    const reqs = await db.select().from(requirements).where(eq(requirements.programId, ksap!.id)).orderBy(asc(requirements.position))
    expect(reqs.map((r) => [r.key, r.mandatory, r.threshold])).toEqual([
      ['be-kind', true, null],
      ['promote-brand', true, null],
      ['age-18', true, null],
      ['cloud-native-knowledge', false, null],
      ['content', false, 4],
      ['code', false, 20],
      ['event', false, 1],
      ['future-knowledge', false, null],
      ['cncf', false, 2],
    ])

    const [cohort] = await db.select().from(cohorts).where(eq(cohorts.programId, ksap!.id))
    expect(cohort).toMatchObject({ year: 2023, seats: 25, timeZone: 'Etc/GMT+12' })
    const phases = await db.select().from(cohortPhases).where(eq(cohortPhases.cohortId, cohort!.id)).orderBy(asc(cohortPhases.position))
    // Days of Anywhere on Earth (UTC−12): a day starts at 12:00 UTC; ends are exclusive.
    expect(phases.map((p) => [p.kind, p.startsAt.toISOString(), p.endsAt?.toISOString()])).toEqual([
      ['applications', '2023-08-01T12:00:00.000Z', '2023-09-02T12:00:00.000Z'],
      ['announcement', '2023-09-15T12:00:00.000Z', '2023-09-16T12:00:00.000Z'],
      ['first_meeting', '2023-09-20T12:00:00.000Z', '2023-09-21T12:00:00.000Z'],
      ['term', '2023-09-20T12:00:00.000Z', '2024-09-22T12:00:00.000Z'],
    ])

    const members = await db
      .select({ name: people.displayName, role: memberships.role, status: memberships.status })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(eq(memberships.cohortId, cohort!.id))
    const ambassadors = members.filter((m) => m.role === 'ambassador').map((m) => m.name)
    expect(ambassadors).toHaveLength(14)
    // Exact code points: the decomposed forms of the certificates, and the dotted capital İ.
    expect(ambassadors).toContain('Onur Canog\u0306lu')
    expect(ambassadors).toContain('I\u0307remnur O\u0308nder')
    expect(ambassadors).toContain('Halil \u0130brahim BUG\u00d6L')
    expect(members.filter((m) => m.role === 'organizer').map((m) => m.name).sort()).toEqual(['Calvin Yu', 'Fawei Zhao', 'Halil İbrahim BUGÖL'])
    expect(new Set(members.map((m) => m.status))).toEqual(new Set(['alumni']))

    const [ks] = await db.select().from(communities).where(eq(communities.slug, 'kubesphere'))
    expect(ks!.socialLinks.map((l) => l.label)).toEqual(['Twitter', 'YouTube', 'LinkedIn', 'Bilibili'])
    expect(ks!.contactChannels.map((c) => c.kind)).toEqual(['slack', 'email'])

    const [os] = await db.select().from(programs).where(eq(programs.slug, 'ambassadors'))
    expect(os!.status).toBe('proposed')
    const questions = await db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, os!.id)).orderBy(asc(applicationQuestions.position))
    expect(questions.map((q) => q.prompt)).toEqual([
      'Why are you applying to become an OpenStack Ambassador?',
      'How have you participated in the OpenStack Community to date?',
      'What ideas do you have for your community, that you wish you had time or resources to implement?',
    ])
    const criteria = await db.select().from(selectionCriteria).where(eq(selectionCriteria.programId, os!.id)).orderBy(asc(selectionCriteria.position))
    expect(criteria.map((c) => c.name)).toEqual([
      'Community participation track record',
      'Geographical location',
      'Potential impact of selection on community',
    ])
    const [audits] = await db.select({ n: sql<number>`count(*)::int` }).from(auditLog)
    expect(audits!.n).toBeGreaterThanOrEqual(4)
  })

  it('is idempotent: a second run changes nothing', async () => {
    const { db } = ctx()
    const count = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(people))[0]!.n
    const before = await count()
    const report = await seedDemo(db)
    expect(report).toEqual({ created: [], skipped: ['kubesphere', 'openstack'] })
    expect(await count()).toBe(before)
  })

  it('gives the 2023 ambassadors credentials that verify, expired with their term, once', async () => {
    const deps = ctx()
    deps.setNow(new Date('2026-11-22T00:00:00Z'))
    expect(await issueDemoCredentials(deps)).toBe(14)
    expect(await issueDemoCredentials(deps)).toBe(0)
    const rows = await deps.db
      .select({ id: credentials.id, name: people.displayName, validUntil: credentials.validUntil })
      .from(credentials)
      .innerJoin(memberships, eq(memberships.id, credentials.membershipId))
      .innerJoin(people, eq(people.id, memberships.personId))
    expect(rows).toHaveLength(14)
    expect(new Set(rows.map((r) => r.validUntil.toISOString()))).toEqual(new Set(['2024-09-22T12:00:00.000Z']))
    const onur = rows.find((r) => r.name === 'Onur Canog\u0306lu')!
    const page = await createApp(deps).request(`/credentials/${onur.id}`)
    expect(page.status).toBe(200)
    const text = await page.text()
    expect(text).toContain('Expired on')
    expect(text.normalize('NFC')).toContain('Onur Canoğlu')

    // The profile links the term's credential.
    const profile = await (await createApp(deps).request('/people/onur-canoglu')).text()
    expect(profile).toContain(`<a href="/credentials/${onur.id}">View and verify</a>`)

    // The 2023 announcement as published: its title in the news, the fourteen, each with the
    // certificate just issued.
    const news = await (await createApp(deps).request('/c/kubesphere/programs/ksap/news')).text()
    expect(news).toContain('Welcome New KubeSphere Ambassadors! KubeSphere Ambassadorship 2023 Applications Announced!')
    const announcement = await (await createApp(deps).request('/c/kubesphere/programs/ksap/news/2023')).text()
    expect(announcement).toContain('We are happy to announce fourteen new KubeSphere Ambassadors')
    expect(new Set(announcement.match(/\/credentials\/[0-9a-f-]{36}/g))).toEqual(new Set(rows.map((r) => `/credentials/${r.id}`)))
  })
})

describe('seed data files', () => {
  it('keeps names as the documents write them (NFC on the page, NFD where certificates show it)', async () => {
    const { kubesphereAmbassadors2023 } = await import('./kubesphere.ts')
    const names = kubesphereAmbassadors2023.flatMap((a) => ('displayName' in a ? [a.displayName] : []))
    expect(names.filter((n) => n !== n.normalize('NFC'))).toEqual(['Onur Canog\u0306lu', 'I\u0307remnur O\u0308nder'])
  })
})
