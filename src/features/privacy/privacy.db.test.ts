import { expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { makeAmbassadors, makeCommunity } from '../../../tests/support/factories.ts'
import { people } from '../people/schema.ts'
import { applications, evidenceItems } from '../applications/schema.ts'
import { identities, sessions } from '../accounts/schema.ts'
import { memberships } from '../memberships/schema.ts'
import { reviews } from '../reviews/schema.ts'
import { auditLog } from '../audit/schema.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { startSession } from '../accounts/sessions.ts'
import { queueEmail } from '../communications/queue-email.ts'
import { outboxMessages } from '../communications/schema.ts'
import { addressColumns, allColumns, personalReferences } from './catalog.ts'
import { applicationRules, emailRules, membershipRules, personRules } from './policy.ts'
import { exportPersonalData } from './export-personal-data.ts'
import { ERASED_NAME, erasePerson } from './erase-person.ts'
import { applyRetention } from './apply-retention.ts'
import { createSigningKey } from '../credentials/keys.ts'
import { issueCredential } from '../credentials/issue-credential.ts'
import { credentials } from '../credentials/schema.ts'
import { createApp } from '../../app.tsx'

const rulesFor = { people: personRules, applications: applicationRules, memberships: membershipRules }

/** A person with an application, evidence, a membership, a session, an identity, an email and a review by someone else. */
async function makeApplicant(deps: ReturnType<Parameters<Parameters<typeof describeDb>[1]>[0]>, name: string, email: string) {
  const community = await makeCommunity(deps.db, {
    program: {
      cohorts: [
        {
          slug: '2024',
          year: 2024,
          title: 'Ambassadors 2024',
          seats: 5,
          timeZone: 'UTC',
          phases: [
            { kind: 'applications', label: 'Applications', from: '2024-03-01', until: '2024-03-31' },
            { kind: 'announcement', label: 'Announcement', from: '2024-04-15' },
            { kind: 'term', label: 'Term', from: '2024-05-01', until: '2025-04-30' },
          ],
        },
      ],
    },
  })
  const cohortId = community.cohort!.cohortId
  const [person, reviewer] = await makeAmbassadors(deps.db, community.cohort!, [{ displayName: name, email }, { displayName: 'Reviewer Rao', email: `rao-${email}` }])
  await deps.db.delete(memberships).where(eq(memberships.personId, reviewer!.id))
  const [application] = await deps.db
    .insert(applications)
    .values({ cohortId, personId: person!.id, status: 'submitted', answers: { why: `I am ${name} and I love the community` }, country: 'TR', region: 'Europe' })
    .returning()
  await deps.db.insert(evidenceItems).values({ applicationId: application!.id, type: 'blog_post', title: 'My blog', url: 'https://blog.example.org/post' } as typeof evidenceItems.$inferInsert)
  await deps.db.insert(identities).values({ personId: person!.id, provider: 'email', subject: email, email })
  await startSession(deps.db, person!.id, deps.clock())
  await deps.db.insert(reviews).values({ cohortId, applicationId: application!.id, reviewerPersonId: reviewer!.id, scores: { impact: 4 }, privateComment: 'Committee only: strong' })
  await recordAudit(deps.db, { actor: person!.id, action: 'application.submit', entity: 'application', entityId: application!.id, after: { answers: application!.answers } })
  await queueEmail(deps, { idempotencyKey: `privacy:${email}`, to: email, subject: `Hello ${name}`, text: `Dear ${name}` })
  return { person: person!, reviewer: reviewer!, application: application!, cohortId }
}

describeDb('privacy: download, erasure, retention', (ctx) => {
  it('has a rule for every column that points at a person, an application or a membership, and every rule names a real column', async () => {
    const { db } = ctx()
    const refs = await personalReferences(db)
    const missing = refs.filter((r) => !rulesFor[r.target][`${r.table}.${r.column}`]).map((r) => `${r.table}.${r.column} -> ${r.target}`)
    expect(missing, 'add these to src/features/privacy/policy.ts').toEqual([])
    const real = new Set(refs.map((r) => `${r.table}.${r.column}`))
    const stale = [...Object.keys(personRules), ...Object.keys(applicationRules), ...Object.keys(membershipRules)].filter((k) => !real.has(k))
    expect(stale, 'rules for columns that no longer reference people/applications/memberships').toEqual([])
    for (const r of refs) {
      if (rulesFor[r.target][`${r.table}.${r.column}`]!.erase === 'detach') expect(r.nullable, `${r.table}.${r.column} must be nullable to detach`).toBe(true)
    }
    const addresses = await addressColumns(db)
    expect(addresses.filter((a) => !emailRules[a]), 'email/address columns without a rule').toEqual([])
    // The columns a rule also blanks must exist, or erasure would fail at run time on a renamed column.
    const columns = await allColumns(db)
    const rules = { ...personRules, ...applicationRules, ...membershipRules, ...emailRules }
    const unknownBlanks = Object.entries(rules).flatMap(([key, rule]) =>
      Object.keys(rule.blank ?? {}).map((c) => `${key.split('.')[0]}.${c}`).filter((c) => !columns.has(c)),
    )
    expect(unknownBlanks, 'blank columns that do not exist').toEqual([])
  })

  it('gives a person everything about them, without secrets or the committee’s private comments', async () => {
    const deps = ctx()
    const { person, application } = await makeApplicant(deps, 'I\u0307remnur O\u0308nder', `iremnur-${deps.engine}@example.org`)
    const data = await exportPersonalData(deps.db, person.id, deps.clock())
    expect(data.person).toMatchObject({ displayName: 'I\u0307remnur O\u0308nder', email: `iremnur-${deps.engine}@example.org` })
    expect(data.tables.applications?.map((a) => a.id)).toEqual([application.id])
    expect(data.tables.evidence_items).toHaveLength(1)
    expect(data.tables.identities).toHaveLength(1)
    expect(data.tables.memberships).toHaveLength(1)
    expect(data.tables.outbox_messages?.[0]).toMatchObject({ subject: 'Hello I\u0307remnur O\u0308nder' })
    expect(data.tables.sessions).toBeUndefined()
    expect(data.tables.reviews).toBeUndefined()
    expect(JSON.stringify(data)).not.toContain('Committee only')
  })

  it('erases a person in one go: personal rows gone, applications anonymised, others’ records kept, audit without contents', async () => {
    const deps = ctx()
    const email = `onur-${deps.engine}@example.org`
    const { person, reviewer, application } = await makeApplicant(deps, 'Onur Canog\u0306lu', email)
    const summary = await erasePerson(deps, person.id, person.id)
    expect(summary.anonymisedApplications).toBe(1)
    expect(summary.deleted).toMatchObject({ sessions: 1, evidence_items: 1 })
    const [row] = await deps.db.select().from(people).where(eq(people.id, person.id))
    expect(row).toMatchObject({ displayName: ERASED_NAME, email: null, githubLogin: null, bio: '', country: null })
    expect(row!.handle).toMatch(/^deleted-[0-9a-f]{12}$/)
    expect(await deps.db.select().from(sessions).where(eq(sessions.personId, person.id))).toEqual([])
    expect(await deps.db.select().from(identities).where(eq(identities.personId, person.id))).toEqual([])
    const [app] = await deps.db.select().from(applications).where(eq(applications.id, application.id))
    expect(app).toMatchObject({ status: 'submitted', region: 'Europe', country: null, answers: {} })
    const [review] = await deps.db.select().from(reviews).where(eq(reviews.applicationId, application.id))
    expect(review).toMatchObject({ reviewerPersonId: reviewer.id, scores: { impact: 4 } })
    const audit = await deps.db.select().from(auditLog).where(eq(auditLog.entityId, application.id))
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([['application.submit', null, null]])
    const [erasure] = await deps.db.select().from(auditLog).where(eq(auditLog.action, 'person.erase'))
    expect(JSON.stringify(erasure)).not.toContain('Onur')
    const everything = JSON.stringify(await exportPersonalData(deps.db, person.id, deps.clock()))
    expect(everything).not.toContain('Canog')
    expect(everything).not.toContain(email)
    const [mail] = await deps.db.select().from(outboxMessages).where(eq(outboxMessages.idempotencyKey, `privacy:${email}`))
    expect(mail).toMatchObject({ toAddress: 'erased@invalid', subject: '[erased]', textBody: '', htmlBody: null })
    await expect(erasePerson(deps, person.id, person.id)).rejects.toThrow(/already been deleted/)
  })

  it('revokes the erased person’s credentials with the reason, or keeps them when the deployment says so', async () => {
    const deps = ctx()
    await createSigningKey(deps.db, deps.secretKey, 'test')
    const revoked = await makeApplicant(deps, 'Halil İbrahim BUGÖL', `halil-${deps.engine}@example.org`)
    const [m1] = await deps.db.select().from(memberships).where(eq(memberships.personId, revoked.person.id))
    const first = await issueCredential(deps, m1!.id)
    expect((await erasePerson(deps, revoked.person.id, 'admin')).revokedCredentials).toBe(1)
    const [c1] = await deps.db.select().from(credentials).where(eq(credentials.id, first.id))
    expect(c1!.revokedAt).not.toBeNull()
    expect(c1!.revocationReason).toBe('The holder deleted their account.')
    // It names them, so it is no longer published: neither its page nor its JSON (410, without the name).
    const app = createApp(deps)
    const page = await app.request(`/credentials/${first.id}`)
    expect(page.status).toBe(410)
    const json = await app.request(`/credentials/${first.id}.json`)
    expect(json.status).toBe(410)
    const negotiated = await app.request(`/credentials/${first.id}`, { headers: { accept: 'application/json' } })
    expect(negotiated.status).toBe(410)
    for (const body of [await page.text(), await json.text(), await negotiated.text()]) expect(body.normalize('NFC')).not.toMatch(/Halil|BUGÖL/)

    const kept = await makeApplicant(deps, 'Jianlin Zheng', `jianlin-${deps.engine}@example.org`)
    const [m2] = await deps.db.select().from(memberships).where(eq(memberships.personId, kept.person.id))
    const second = await issueCredential(deps, m2!.id)
    const keep = { ...deps, config: { ...deps.config, erasureCredentials: 'keep' as const } }
    expect((await erasePerson(keep, kept.person.id, 'admin')).revokedCredentials).toBe(0)
    const [c2] = await deps.db.select().from(credentials).where(eq(credentials.id, second.id))
    expect(c2!.revokedAt).toBeNull()
    // Kept by the deployment's policy: still published.
    expect((await createApp(keep).request(`/credentials/${second.id}.json`)).status).toBe(200)
  })

  it('anonymises unselected applications a year after their announcement, once, and keeps selected people’s', async () => {
    const deps = ctx()
    const { person, application, cohortId } = await makeApplicant(deps, '张海立', `hailin-${deps.engine}@example.org`)
    const [kept] = await deps.db
      .insert(applications)
      .values({ cohortId, personId: person.id === application.personId ? (await makeAmbassadors(deps.db, { cohortId, termStart: null, termEnd: null }, ['尹敏']))[0]!.id : person.id, status: 'submitted', answers: { why: 'selected' } })
      .returning()
    // The applicant above is a member of the cohort (factory); remove that so their application counts as not selected.
    await deps.db.delete(memberships).where(eq(memberships.personId, person.id))
    deps.setNow(new Date('2025-04-01T00:00:00Z'))
    expect(await applyRetention(deps)).toEqual({ anonymised: 0 })
    deps.setNow(new Date('2025-04-16T00:00:00Z'))
    expect((await applyRetention(deps)).anonymised).toBeGreaterThanOrEqual(1)
    expect(await applyRetention(deps)).toEqual({ anonymised: 0 })
    const [gone] = await deps.db.select().from(applications).where(eq(applications.id, application.id))
    expect(gone).toMatchObject({ answers: {}, country: null, status: 'submitted' })
    expect(await deps.db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, application.id))).toEqual([])
    const [stays] = await deps.db.select().from(applications).where(eq(applications.id, kept!.id))
    expect(stays!.answers).toEqual({ why: 'selected' })
  })
})
