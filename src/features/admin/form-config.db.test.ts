import { beforeAll, expect, it } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { describeDb } from '../../../tests/support/db.ts'
import { signedInClient } from '../../../tests/support/sign-in.ts'
import type { FormClient } from '../../../tests/support/http.ts'
import { createApp } from '../../app.tsx'
import { grantRole } from '../accounts/grant-role.ts'
import { auditLog } from '../audit/schema.ts'
import { people } from '../people/schema.ts'
import { applicationQuestions, selectionCriteria } from '../programs/schema.ts'
import { makeReviewCohort, OPENSTACK_CRITERIA, REVIEW_OPEN } from '../reviews/review-fixtures.ts'
import { reviews } from '../reviews/schema.ts'

/** The rubric's rows as the form sends them, from OPENSTACK_CRITERIA with changes. */
function rubricForm(rows: { key: string; name: string; weight: number | string; scaleMin: number | string; scaleMax: number | string }[]) {
  return Object.fromEntries(rows.flatMap((r, i) => Object.entries(r).map(([k, v]) => [`c.${i}.${k}`, String(v)])))
}

describeDb('questions and rubric, edited by the program team', (ctx) => {
  let app: ReturnType<typeof createApp>
  let fx: Awaited<ReturnType<typeof makeReviewCohort>>
  let manager: FormClient
  let base: string

  beforeAll(async () => {
    const deps = ctx()
    deps.setNow(REVIEW_OPEN)
    app = createApp(deps)
    fx = await makeReviewCohort(deps.db, { applicants: [{ name: 'Ana Applicant' }], reviewers: [{ name: 'Rui Reviewer' }] })
    await deps.db.insert(reviews).values({ cohortId: fx.cohortId, applicationId: fx.applications[0]!.id, reviewerPersonId: fx.reviewers[0]!.id, scores: { 'track-record': 4, location: 2, impact: 9 } })
    manager = await signedInClient(app, deps.db, 'form-manager@example.org')
    const [person] = await deps.db.select().from(people).where(eq(people.email, 'form-manager@example.org'))
    await grantRole(deps.db, person!.id, 'program_manager', fx.communityId, 'test')
    base = `/admin/c/${fx.slug}/programs/ambassadors/form`
  })

  const questions = () => ctx().db.select().from(applicationQuestions).where(eq(applicationQuestions.programId, fx.programId)).orderBy(asc(applicationQuestions.position))
  const criteria = () => ctx().db.select().from(selectionCriteria).where(eq(selectionCriteria.programId, fx.programId)).orderBy(asc(selectionCriteria.position))

  it('is for the program team only', async () => {
    const stranger = await signedInClient(app, ctx().db, 'form-stranger@example.org')
    expect((await stranger.get(base)).status).toBe(403)
  })

  it('previews the application form as applicants see it while no cohort takes applications: read-only, in both languages', async () => {
    const apply = `/c/${fx.slug}/programs/ambassadors/apply`
    // Applicants are told the form is not open (the review phase runs now)…
    expect((await manager.get(apply)).status).toBe(409)
    // …while the editor leads its managers to the preview.
    const editor = await manager.get(`${base}?lang=en`)
    expect(editor.text).toContain(`<a href="${base}/preview">Preview the application form</a>`)
    const preview = await manager.get(`${base}/preview`)
    expect(preview.status).toBe(200)
    expect(preview.text).toContain('Preview: the application form as applicants see it. Nothing here can be filled in or sent.')
    expect(preview.text).toContain(`<a href="${base}">Back to the questions</a>`)
    expect(preview.text).toMatch(/<label for="answer\.why">Why are you applying\?/)
    expect(preview.text).toContain('<textarea id="answer.why" name="answer.why"')
    expect(preview.text).toContain('About you')
    // Nothing to send: no action, no token, no buttons, no autosave script; every control disabled.
    expect(preview.text).toContain('<form class="form" id="application-form" novalidate=""><fieldset class="form-preview" disabled="">')
    expect(preview.text).not.toContain(`action="${apply}"`)
    expect(preview.text).not.toMatch(/<form[^>]*id="application-form"[^>]*method=/)
    expect(preview.text).not.toContain('Submit application')
    expect(preview.text).not.toContain('/assets/apply.js')
    expect(preview.text.slice(preview.text.indexOf('id="application-form"'))).not.toContain('name="_csrf"')
    const zh = await manager.get(`${base}/preview?lang=zh-CN`)
    expect(zh.status).toBe(200)
    expect(zh.text).toContain('<html lang="zh-CN">')
    expect(zh.text).toContain('预览：申请人看到的申请表。此处无法填写或提交任何内容。')
    expect(zh.text).toContain('关于您')
    expect(zh.text).not.toContain('提交申请')
    // Only for the program team.
    const stranger = await signedInClient(app, ctx().db, 'preview-stranger@example.org')
    expect((await stranger.get(`${base}/preview`)).status).toBe(403)
    expect((await app.request(`${base}/preview`)).status).toBe(303)
    await manager.get(`${base}?lang=en`)
  })

  it('saves the questions in order; a refused list says why next to the field, keeps what was typed and changes nothing', async () => {
    const page = await manager.get(base)
    expect(page.status).toBe(200)
    expect(page.text).toContain('value="Why are you applying?"')

    const bad = await manager.post(`${base}/questions`, {
      'q.0.key': 'why', 'q.0.prompt': 'Why do you want to be an ambassador?', 'q.0.required': 'yes', 'q.0.maxLength': '2000',
      'q.1.key': 'why', 'q.1.prompt': 'Again?', 'q.1.maxLength': '100',
      'q.2.key': 'ideas', 'q.2.prompt': '', 'q.2.maxLength': 'lots',
      'q.3.key': '', 'q.3.prompt': '', 'q.3.maxLength': '4000',
    })
    expect(bad.status).toBe(422)
    expect(bad.text).toContain('Write the question.')
    expect(bad.text).toContain('Give the longest answer allowed, in characters.')
    expect(bad.text).toContain('value="Why do you want to be an ambassador?"')
    expect((await questions()).map((q) => q.prompt)).toEqual(['Why are you applying?'])

    const dup = await manager.post(`${base}/questions`, { 'q.0.key': 'why', 'q.0.prompt': 'One', 'q.0.maxLength': '100', 'q.1.key': 'why', 'q.1.prompt': 'Two', 'q.1.maxLength': '100' })
    expect(dup.status).toBe(422)
    expect(dup.text).toContain('Another question already has the key “why”.')
    expect((await questions()).map((q) => q.prompt)).toEqual(['Why are you applying?'])

    const ok = await manager.post(`${base}/questions`, {
      'q.0.key': 'ideas', 'q.0.prompt': 'What would you organise first?', 'q.0.help': 'A meetup, a talk…', 'q.0.maxLength': '300',
      'q.1.key': 'why', 'q.1.prompt': 'Why do you want to be an ambassador?', 'q.1.required': 'yes', 'q.1.maxLength': '2000',
      'q.2.key': '', 'q.2.prompt': '', 'q.2.maxLength': '4000', 'q.2.required': 'yes',
    })
    expect(ok.status).toBe(200)
    expect(ok.text).toContain('Questions saved (2).')
    expect((await questions()).map((q) => [q.key, q.position, q.prompt, q.help, q.required, q.maxLength])).toEqual([
      ['ideas', 0, 'What would you organise first?', 'A meetup, a talk…', false, 300],
      ['why', 1, 'Why do you want to be an ambassador?', '', true, 2000],
    ])
    // The program team's page of an application names the answer by the new wording.
    const shown = await manager.get(`/admin/c/${fx.slug}/programs/ambassadors/cohorts/2025/applications/${fx.applications[0]!.id}`)
    expect(shown.text).toContain('<dt>Why do you want to be an ambassador?</dt>')
    expect(await ctx().db.select().from(auditLog).where(and(eq(auditLog.action, 'program.questions.save'), eq(auditLog.entityId, fx.programId)))).toHaveLength(1)
  })

  it('keeps reviews valid: a scored criterion cannot be removed nor its scale cut below a given score; weights and names may change', async () => {
    const rows = OPENSTACK_CRITERIA.map((c) => ({ key: c.key, name: c.name, weight: c.weight ?? 1, scaleMin: c.scaleMin ?? 1, scaleMax: c.scaleMax ?? 5 }))
    const removed = await manager.post(`${base}/criteria`, rubricForm(rows.filter((r) => r.key !== 'impact')))
    expect(removed.status).toBe(422)
    expect(removed.text).toContain('“Potential impact” is scored in 1 review: it cannot be removed. Lower its weight instead.')
    const narrowed = await manager.post(`${base}/criteria`, rubricForm(rows.map((r) => (r.key === 'impact' ? { ...r, scaleMax: 5 } : r))))
    expect(narrowed.status).toBe(422)
    expect(narrowed.text).toContain('Reviews already gave “Potential impact” scores from 9 to 9: the scale must include them.')
    const badScale = await manager.post(`${base}/criteria`, rubricForm([...rows, { key: 'fit', name: 'Fit', weight: '0', scaleMin: 5, scaleMax: 5 }]))
    expect(badScale.status).toBe(422)
    expect(badScale.text).toContain('A weight is more than 0.')
    expect(badScale.text).toContain('The highest score must be above the lowest.')
    expect((await criteria()).map((c) => [c.key, c.weight, c.scaleMax])).toEqual([
      ['track-record', 2, 5],
      ['location', 1, 5],
      ['impact', 1, 10],
    ])

    const ok = await manager.post(`${base}/criteria`, rubricForm([...rows.map((r) => (r.key === 'location' ? { ...r, name: 'Region', weight: '0,5' } : r)), { key: 'fit', name: 'Fit with the program', weight: 1, scaleMin: 1, scaleMax: 3 }]))
    expect(ok.status).toBe(200)
    expect(ok.text).toContain('Rubric saved (4 criteria).')
    expect((await criteria()).map((c) => [c.key, c.name, c.weight, c.scaleMin, c.scaleMax])).toEqual([
      ['track-record', 'Community participation track record', 2, 1, 5],
      ['location', 'Region', 0.5, 1, 5],
      ['impact', 'Potential impact', 1, 0, 10],
      ['fit', 'Fit with the program', 1, 1, 3],
    ])
    // An unscored criterion can go again.
    const again = await manager.post(`${base}/criteria`, rubricForm(rows))
    expect(again.status).toBe(200)
    expect((await criteria()).map((c) => c.key)).toEqual(['track-record', 'location', 'impact'])
  })
})
