import { beforeAll, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { FACTORY_QUESTIONS, FACTORY_WINDOW, makeCommunity } from '../../../tests/support/factories.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { applications, evidenceItems } from './schema.ts'
import { people } from '../people/schema.ts'
import { auditLog } from '../audit/schema.ts'
import { mailTemplateOverrides, outboxMessages } from '../communications/schema.ts'
import { programWebhooks, webhookDeliveries } from '../webhooks/schema.ts'
import { evaluateCommand } from '../../commands/evaluate.ts'

const OPEN = FACTORY_WINDOW.open
// Applications run March 1–31, 2025 in Asia/Shanghai: they close at 2025-03-31T16:00:00Z.
const AFTER = FACTORY_WINDOW.closes

describeDb('applying', (ctx) => {
  let app: ReturnType<typeof createApp>
  let slug: string
  let applyPath: string

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(OPEN)
    const c = await makeCommunity(deps.db, {
      program: {
        questions: FACTORY_QUESTIONS,
      },
    })
    slug = c.slug
    applyPath = `/c/${slug}/programs/ambassadors/apply`
    app = createApp(deps)
  })

  const fullForm = (over: Record<string, string | string[]> = {}) => ({
    displayName: 'Onur Canog\u0306lu',
    country: 'TR',
    region: 'Europe',
    'links.github': 'https://github.com/onur',
    'answer.why': 'Because I love this community.',
    affirmed: 'kind',
    'evidence.0.type': 'blog_post',
    'evidence.0.title': 'Intro post',
    'evidence.0.url': 'https://blog.example.org/1',
    'evidence.0.occurredOn': '2025-01-10',
    'evidence.1.type': 'blog_post',
    'evidence.1.title': 'Second post',
    'evidence.1.url': 'https://blog.example.org/2',
    'evidence.1.occurredOn': '2024-12-01',
    ...over,
  })

  it('asks anonymous visitors to sign in first', async () => {
    const res = await new FormClient(app).get(applyPath)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(applyPath)}`)
  })

  it('saves drafts, refuses an incomplete submission with messages next to the fields, keeps what was typed', async () => {
    const browser = await signedInClient(app, ctx().db, 'applicant1@example.org')
    const form = await browser.get(applyPath)
    expect(form.status).toBe(200)
    expect(form.text).toContain('Why are you applying?')
    expect(form.text).toContain('Applications are open until the end of March 31, 2025 in Asia/Shanghai (UTC+8)')

    const draft = await browser.post(applyPath, { intent: 'save', displayName: 'Half Done', 'answer.ideas': 'Meetups' })
    expect(draft.status).toBe(200)
    expect(draft.text).toContain('Draft saved.')

    const bad = await browser.post(applyPath, {
      intent: 'submit',
      displayName: 'Half Done',
      'answer.ideas': 'x'.repeat(201),
      'links.blog': 'javascript:alert(1)',
      'evidence.0.type': 'talk',
      'evidence.0.title': 'My talk',
      'evidence.0.occurredOn': '2025-02-30',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('This question needs an answer.')
    expect(bad.text).toContain('This answer is limited to 200 characters (now 201).')
    expect(bad.text).toContain('This must be a link starting with http:// or https://.')
    expect(bad.text).toContain('This must be a real date (YYYY-MM-DD).')
    expect(bad.text).toContain('value="My talk"')
    expect(bad.text).toContain('value="2025-02-30"')
    expect(bad.text).not.toContain('javascript:alert(1)" href')
    const [row] = await ctx().db.select().from(applications).where(eq(applications.status, 'draft'))
    expect(row?.answers).toEqual({ ideas: 'Meetups' })
  })

  it('refuses text with a NUL character next to its field, keeping the other values, and stores nothing', async () => {
    const browser = await signedInClient(app, ctx().db, 'applicant-nul@example.org')
    await browser.get(applyPath)
    const res = await browser.post(applyPath, { intent: 'save', ...fullForm({ displayName: 'Nul Person', 'answer.ideas': 'Meet\u0000ups', 'evidence.1.notes': 'a\u0000b' }) })
    expect(res.status).toBe(422)
    expect(res.text.split('This text contains a character that cannot be stored (NUL, \\0). Remove it and try again.')).toHaveLength(3)
    expect(res.text).toMatch(/id="answer\.ideas-error"[^>]*>This text contains a character that cannot be stored/)
    expect(res.text).toContain('value="Nul Person"')
    expect(res.text).toContain('value="Second post"')
    expect(res.text).not.toContain('Please check the form</h1>')
    const [person] = await ctx().db.select({ id: people.id, displayName: people.displayName }).from(people).where(eq(people.email, 'applicant-nul@example.org'))
    expect(person!.displayName).not.toBe('Nul Person')
    expect(await ctx().db.select().from(applications).where(eq(applications.personId, person!.id))).toEqual([])
  })

  it('refuses a name with a text-direction override next to the name field, keeping the values, and stores nothing', async () => {
    const browser = await signedInClient(app, ctx().db, 'applicant-bidi@example.org')
    await browser.get(applyPath)
    for (const control of ['\u202E', '\u202A', '\u2066', '\u2069']) {
      const res = await browser.post(applyPath, { intent: 'save', ...fullForm({ displayName: `Mallory ${control}ecila`, region: 'Kept Region' }) })
      expect(res.status).toBe(422)
      expect(res.text).toMatch(/id="displayName-error"[^>]*>Your name contains a text-direction control character/)
      expect(res.text).toContain('value="Kept Region"')
    }
    const [person] = await ctx().db.select({ id: people.id, displayName: people.displayName }).from(people).where(eq(people.email, 'applicant-bidi@example.org'))
    expect(person!.displayName).not.toContain('ecila')
    expect(await ctx().db.select().from(applications).where(eq(applications.personId, person!.id))).toEqual([])
  })

  it('refuses evidence dated after today next to its date, keeping the values; today itself is fine', async () => {
    // The clock is at 2025-03-15T04:00Z: March 15 everywhere from UTC-4 to UTC+14, so March 16 is in the future for anyone.
    const browser = await signedInClient(app, ctx().db, 'applicant-future@example.org')
    await browser.get(applyPath)
    const future = await browser.post(applyPath, { intent: 'save', ...fullForm({ displayName: 'Future Person', 'evidence.1.occurredOn': '2025-03-16' }) })
    expect(future.status).toBe(422)
    expect(future.text).toMatch(/id="evidence\.1\.occurredOn-error"[^>]*>This date is in the future: evidence must be something that has already happened\./)
    expect(future.text).toContain('value="2025-03-16"')
    expect(future.text).toContain('value="Second post"')
    const [person] = await ctx().db.select({ id: people.id }).from(people).where(eq(people.email, 'applicant-future@example.org'))
    expect(await ctx().db.select().from(applications).where(eq(applications.personId, person!.id))).toEqual([])

    const autosave = await browser.post(`${applyPath}/autosave`, { ...fullForm({ 'evidence.0.occurredOn': '2026-01-01' }) }, { accept: 'application/json' })
    expect(autosave.status).toBe(422)

    const today = await browser.post(applyPath, { intent: 'save', ...fullForm({ displayName: 'Future Person', 'evidence.1.occurredOn': '2025-03-15' }) })
    expect(today.status).toBe(200)
    const [saved] = await ctx().db.select().from(applications).where(eq(applications.personId, person!.id))
    const evidence = await ctx().db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, saved!.id))
    expect(evidence.map((e) => e.occurredOn).sort()).toEqual(['2025-01-10', '2025-03-15'])
  })

  it('submits once, with a receipt and one confirmation email, even when submit is pressed twice', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'applicant2@example.org')
    await browser.get(applyPath)
    const first = await browser.post(applyPath, { intent: 'submit', ...fullForm() })
    expect(first.status).toBe(303)
    const receiptPath = first.location!
    expect(receiptPath).toMatch(/^\/applications\/[0-9a-f-]{36}$/)
    await browser.get(applyPath)
    const second = await browser.post(applyPath, { intent: 'submit', ...fullForm() })
    expect(second.location).toBe(receiptPath)

    const id = receiptPath.split('/').pop()!
    const [stored] = await deps.db.select().from(applications).where(eq(applications.id, id))
    expect(stored).toMatchObject({ status: 'submitted', country: 'TR', region: 'Europe', affirmed: ['kind'] })
    expect(stored!.eligibilityOverall).toBeTruthy()
    const evidence = await deps.db.select().from(evidenceItems).where(eq(evidenceItems.applicationId, id))
    expect(evidence).toHaveLength(2)

    const mails = await deps.db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, 'applicant2@example.org'), sql`${outboxMessages.subject} like 'Application received%'`))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toMatch(/^Application received: Test Ambassador Program \(Ambassadors 2025\)$/)
    expect(mails[0]!.textBody).toContain('This is a receipt, not a decision')

    const receipt = await browser.get(receiptPath)
    expect(receipt.text).toContain('Application received')
    const shown = receipt.text.normalize('NFC')
    expect(shown).toContain('Intro post')
    // The receipt shows what was sent as the form asked it: the name, country, region and links, each answer
    // under its question's wording (not its key), and the statements affirmed under their titles.
    expect(shown).toContain('<dd>Onur Canoğlu</dd>')
    expect(shown).toContain(`<dd>${new Intl.DisplayNames(['en'], { type: 'region' }).of('TR')}</dd>`)
    expect(shown).toContain('<dd>Europe</dd>')
    expect(shown).toContain('href="https://github.com/onur"')
    expect(shown).toContain('<dt>Why are you applying?</dt>')
    expect(shown).not.toContain('<dt>why</dt>')
    expect(shown).toContain('I affirm: Be kind')
    expect(shown).toContain('(January 10, 2025)')

    // Another applicant cannot see it.
    const other = await signedInClient(app, deps.db, 'nosy@example.org')
    expect((await other.get(receiptPath)).status).toBe(404)
  })

  it('gives the person the region and country of a submitted application only, and never clears them', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'applicant-region@example.org')
    const person = async () => (await deps.db.select({ displayName: people.displayName, region: people.region, country: people.country }).from(people).where(eq(people.email, 'applicant-region@example.org')))[0]
    await browser.get(applyPath)
    expect((await browser.post(applyPath, { intent: 'save', displayName: 'Region Person', region: 'East Asia', country: 'CN' })).status).toBe(200)
    // A draft is the application's own: the name is the account's, the region and country are not published.
    expect(await person()).toEqual({ displayName: 'Region Person', region: null, country: null })
    expect((await browser.post(applyPath, { intent: 'submit', ...fullForm({ displayName: 'Region Person' }) })).status).toBe(303)
    expect(await person()).toEqual({ displayName: 'Region Person', region: 'Europe', country: 'TR' })
    await browser.get(applyPath)
    expect((await browser.post(applyPath, { intent: 'save', ...fullForm({ displayName: 'Region Person', region: '', country: '' }) })).status).toBe(200)
    expect(await person()).toEqual({ displayName: 'Region Person', region: 'Europe', country: 'TR' })
  })

  it('allows one application per person and cohort, enforced by the database', async () => {
    const deps = ctx()
    const [existing] = await deps.db.select().from(applications).limit(1)
    await expect(deps.db.insert(applications).values({ cohortId: existing!.cohortId, personId: existing!.personId })).rejects.toMatchObject({
      cause: expect.objectContaining({ code: '23505' }),
    })
  })

  it('autosaves through JSON with the CSRF header and returns the live verdict', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'applicant3@example.org')
    await browser.get(applyPath)
    const res = await app.request(`${applyPath}/autosave`, {
      method: 'POST',
      body: new URLSearchParams(fullForm() as Record<string, string>),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': browser.csrf, cookie: (browser as any).cookieHeader() },
    })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.ok).toBe(true)
    expect(body.verdict.requirements.map((r: { key: string }) => r.key)).toEqual(['kind', 'blogs', 'code'])
    const forged = await app.request(`${applyPath}/autosave`, {
      method: 'POST',
      body: new URLSearchParams({ displayName: 'x' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: (browser as any).cookieHeader() },
    })
    expect(forged.status).toBe(403)
  })

  it('refuses changes after the deadline, naming it, and keeps what was typed', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'late@example.org')
    await browser.get(applyPath)
    deps.setNow(AFTER)
    try {
      const res = await browser.post(applyPath, { intent: 'submit', ...fullForm({ 'answer.why': 'Typed just too late' }) })
      expect(res.status).toBe(409)
      expect(res.text).toContain('closed at the end of March 31, 2025 in Asia/Shanghai (UTC+8) (2025-03-31T16:00:00Z)')
      expect((await deps.db.select().from(applications).where(sql`${applications.answers}->>'why' = 'Typed just too late'`)).length).toBe(0)
    } finally {
      deps.setNow(OPEN)
    }
  })

  it('withdraws, after which the application cannot change', async () => {
    const deps = ctx()
    const browser = await signedInClient(app, deps.db, 'withdrawer@example.org')
    await browser.get(applyPath)
    const submitted = await browser.post(applyPath, { intent: 'submit', ...fullForm() })
    const id = submitted.location!.split('/').pop()!
    const receipt = await browser.get(submitted.location!)
    // The receipt's button asks first: a page that says withdrawing is final, and changes nothing.
    expect(receipt.text).toContain(`<form method="get" action="/applications/${id}/withdraw">`)
    const confirm = await browser.get(`/applications/${id}/withdraw`)
    expect(confirm.status).toBe(200)
    expect(confirm.text).toContain('Withdrawing is final for this cohort')
    expect(confirm.text).toContain('Yes, withdraw my application')
    const statusOf = async () => (await deps.db.select().from(applications).where(eq(applications.id, id)))[0]!
    expect((await statusOf()).status).toBe('submitted')
    // A post without the confirmation (an old form, a stray request) is sent to the question; nothing changes.
    const unconfirmed = await browser.post(`/applications/${id}/withdraw`, {})
    expect(unconfirmed.status).toBe(303)
    expect(unconfirmed.location).toBe(`/applications/${id}/withdraw`)
    expect((await statusOf()).status).toBe('submitted')
    // Another person cannot see the question or withdraw it.
    const other = await signedInClient(app, deps.db, 'not-the-withdrawer@example.org')
    expect((await other.get(`/applications/${id}/withdraw`)).status).toBe(404)
    await other.get(applyPath)
    expect((await other.post(`/applications/${id}/withdraw`, { confirm: 'yes' })).status).toBe(404)
    expect((await statusOf()).status).toBe('submitted')

    await browser.get(`/applications/${id}/withdraw`)
    const done = await browser.post(`/applications/${id}/withdraw`, { confirm: 'yes' })
    expect(done.status).toBe(303)
    expect(done.location).toBe(`/applications/${id}`)
    const row = await statusOf()
    expect(row.status).toBe('withdrawn')
    expect((await browser.get(applyPath)).status).toBe(303)
    // Withdrawing again changes nothing: not the time, not the audit trail; the question page leads to the receipt.
    expect((await browser.get(`/applications/${id}/withdraw`)).headers.get('location')).toBe(`/applications/${id}`)
    await browser.get(`/applications/${id}`)
    expect((await browser.post(`/applications/${id}/withdraw`, { confirm: 'yes' })).status).toBe(303)
    expect((await statusOf()).withdrawnAt).toEqual(row.withdrawnAt)
    const audits = await deps.db.select().from(auditLog).where(and(eq(auditLog.action, 'application.withdraw'), eq(auditLog.entityId, id)))
    expect(audits).toHaveLength(1)
  })

  it('embassy evaluate prints and stores the verdict of every application of the cohort', async () => {
    const deps = ctx()
    const lines: string[] = []
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) }
    expect(await evaluateCommand.run(deps, { cohort: `${slug}/ambassadors/2025` }, io)).toBe(0)
    expect(lines[0]).toMatch(/^Ambassadors 2025: \d+ applications$/)
    expect(lines[1]).toMatch(/^applicant\s+status\s+verdict\s+met\/needed\s+mandatory met$/)
    expect(lines.join('\n').normalize('NFC')).toContain('Onur Canoğlu')
    lines.length = 0
    expect(await evaluateCommand.run(deps, { cohort: `${slug}/ambassadors/2025`, json: true }, io)).toBe(0)
    const parsed = lines.map((l) => JSON.parse(l))
    expect(parsed.length).toBeGreaterThan(2)
    expect(parsed[0]).toHaveProperty('verdict.overall')
    lines.length = 0
    expect(await evaluateCommand.run(deps, { cohort: 'nope/nope/nope' }, io)).toBe(2)
    expect(lines[0]).toBe('ERR evaluate: There is no cohort nope/nope/nope.')
  })

  it('two first saves at the same moment leave one application, and a refusal links to it', async () => {
    const deps = ctx()
    const { findOrCreatePerson } = await import('../accounts/find-or-create-person.ts')
    const { getApplyContext, chooseCohort } = await import('./queries.ts')
    const { saveApplication } = await import('./save-application.ts')
    const { parseApplicationForm } = await import('./forms.ts')
    const { personId } = await findOrCreatePerson(deps.db, { provider: 'email', subject: 'twice@example.org', email: 'twice@example.org' })
    const context = (await getApplyContext(deps.db, slug, 'ambassadors'))!
    const { entry } = chooseCohort(context.cohortWindows, deps.clock())
    const target = { community: context.community, program: context.program, requirements: context.requirements, cohort: entry!.cohort, window: entry!.window }
    const parsed = parseApplicationForm({ displayName: 'Twice' }, context, false)
    if (!parsed.ok) throw new Error('form should parse')
    const results = await Promise.allSettled([1, 2].map(() => saveApplication(deps, target, personId, parsed.value, { submit: false, locale: 'en' })))
    const rows = await deps.db.select().from(applications).where(eq(applications.personId, personId))
    expect(rows).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected') expect(String(r.reason.message)).toContain(`/applications/${rows[0]!.id}`)
    }
  })

  it('the receipt uses the program’s own wording when its managers edited the template, and a submission notifies the program’s webhooks', async () => {
    const deps = ctx()
    const other = await makeCommunity(deps.db, { program: { questions: FACTORY_QUESTIONS } })
    await deps.db.insert(mailTemplateOverrides).values({ programId: other.programId, template: 'application-received', locale: 'en', subject: 'Thanks for applying to {{program}}', body: 'Dear {{name}}, our committee reads every application. {{link}}' })
    await deps.db.insert(programWebhooks).values({ programId: other.programId, url: 'https://hooks.example.org/embassy', kind: 'slack', secretSealed: 'v1.x.y.z' })
    const path = `/c/${other.slug}/programs/ambassadors/apply`
    const browser = await signedInClient(app, deps.db, 'own-wording@example.org')
    await browser.get(path)
    const sent = await browser.post(path, { intent: 'submit', ...fullForm() })
    expect(sent.status).toBe(303)
    const [mail] = await deps.db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, 'own-wording@example.org'), sql`${outboxMessages.subject} like 'Thanks for applying%'`))
    expect(mail!.subject).toBe('Thanks for applying to Test Ambassador Program')
    expect(mail!.textBody).toContain('our committee reads every application')
    const [hook] = await deps.db.select().from(programWebhooks).where(eq(programWebhooks.programId, other.programId))
    const deliveries = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook!.id))
    expect(deliveries.map((d) => [d.event, d.eventKey])).toEqual([['application.submitted', sent.location!.split('/').pop()]])
  })
})
