import { beforeAll, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { describeDb } from '../../tests/support/db.ts'
import { FormClient } from '../../tests/support/http.ts'
import { makeSelectedCohort } from '../../tests/support/selection.ts'
import { signedInClient } from '../../tests/support/sign-in.ts'
import { createApp } from '../app.tsx'
import { runJobsUntilIdle } from '../jobs/run-jobs.ts'
import { grantRole } from '../features/accounts/grant-role.ts'
import { signInTokens } from '../features/accounts/schema.ts'
import { scheduleAnnouncement } from '../features/announcements/schedule-announcement.ts'
import { acceptanceOffers } from '../features/announcements/schema.ts'
import { people } from '../features/people/schema.ts'
import { reviewPhases } from '../features/reviews/schema.ts'
import { findSelection } from '../features/selection/decisions.ts'

const ZH = '此文本包含无法保存的字符（NUL，\\0），请删除后重试。'
const EN = 'This text contains a character that cannot be stored (NUL, \\0). Remove it and try again.'
const FORM_ZH = '文本不能包含 NUL 字符（\\0）。请删除后重新提交；未保存任何内容。'
const FORM_EN = 'Text cannot contain NUL characters (\\0). Remove them and send again; nothing was saved.'

/** The message shown at field `name`. */
const errorAt = (html: string, name: string) => new RegExp(`id="${name}-error"[^>]*>\\s*([^<]*)<`).exec(html)?.[1]?.trim()
/** The form-level alert's text. */
const alertOf = (html: string) => /<div class="error-box" role="alert">\s*(?:<p>)?([^<]*)</.exec(html)?.[1]?.trim()

// The forms that store no free text used to let a NUL character through to the database (or to a redirect), which
// answered the generic 422 page and lost the form; each now refuses it on its own page.
describeDb('forms without stored free text refuse a NUL character on their page', (ctx) => {
  let app: ReturnType<typeof createApp>

  beforeAll(() => {
    app = createApp(ctx())
  })

  async function manager(communityId: string, email: string) {
    const client = await signedInClient(app, ctx().db, email)
    const [person] = await ctx().db.select().from(people).where(eq(people.email, email))
    await grantRole(ctx().db, person!.id, 'program_manager', communityId, 'test')
    return client
  }

  it('sign-in: a NUL in the address is named at the field, in the page’s language, with what was typed; one in the hidden return path is dropped', async () => {
    const email = `nul-sign-in-${ctx().engine}@example.org`
    for (const [lang, message] of [['zh-CN', ZH], ['en', EN]] as const) {
      const visitor = new FormClient(app)
      await visitor.get(`/sign-in?lang=${lang}`)
      const res = await visitor.post('/sign-in', { email: `li\u0000ming-${lang}@example.org`, next: '/account' })
      expect(res.status).toBe(422)
      expect(res.text).toContain(`<html lang="${lang}">`)
      expect(errorAt(res.text, 'email')).toBe(message)
      expect(res.text).toContain(`ming-${lang}@example.org"`)
    }
    // The return path is no text anyone typed: one with a NUL is no path of this site, and the link leads home.
    const visitor = new FormClient(app)
    await visitor.get('/sign-in')
    const sent = await visitor.post('/sign-in', { email, next: '/account\u0000' })
    expect(sent.status).toBe(200)
    expect((await ctx().db.select({ next: signInTokens.next }).from(signInTokens).where(eq(signInTokens.email, email))).map((r) => r.next)).toEqual(['/'])
  })

  it('the offer page: a NUL in its form is refused above the answers, in the page’s language, and the offer stays open', async () => {
    const deps = ctx()
    const made = await makeSelectedCohort(deps.db)
    await scheduleAnnouncement(deps, { cohortId: made.cohortId, actorPersonId: null })
    await runJobsUntilIdle(deps)
    const [offer] = await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.applicationId, made.ids.Ana!.applicationId))
    const [ana] = await deps.db.select({ email: people.email }).from(people).where(eq(people.id, made.ids.Ana!.personId))
    const client = await signedInClient(app, deps.db, ana!.email!)
    for (const [lang, answer, message] of [['zh-CN', 'confirm', FORM_ZH], ['en', 'decline', FORM_EN]] as const) {
      await client.get(`/offers/${offer!.id}?lang=${lang}`)
      const res = await client.post(`/offers/${offer!.id}/${answer}`, { token: 'forged\u0000' })
      expect(res.status).toBe(422)
      expect(res.text).toContain(`<html lang="${lang}">`)
      expect(alertOf(res.text)).toBe(message)
      // The answers are offered again.
      expect(res.text).toContain(`action="/offers/${offer!.id}/confirm"`)
    }
    expect((await deps.db.select().from(acceptanceOffers).where(eq(acceptanceOffers.id, offer!.id)))[0]).toMatchObject({ status: 'pending', respondedAt: null })
  })

  it('the selection run: a NUL is refused at its field, in the page’s language, the constraints kept as typed and nothing saved', async () => {
    const deps = ctx()
    const made = await makeSelectedCohort(deps.db)
    const client = await manager(made.communityId, `nul-selection-${deps.engine}@example.org`)
    const page = `/admin/c/${made.slug}/programs/${made.programSlug}/cohorts/2025/selection`
    const before = await findSelection(deps.db, made.cohortId)
    await client.get(`${page}?lang=zh-CN`)
    const zh = await client.post(`${page}/run`, { seats: '2', maxPerEmployer: '3', minPerRegion: 'As\u0000ia=1', mode: 'save' })
    expect(zh.status).toBe(422)
    expect(errorAt(zh.text, 'minPerRegion')).toBe(ZH)
    expect(zh.text).toMatch(/name="maxPerEmployer" value="3"/)
    await client.get(`${page}?lang=en`)
    const en = await client.post(`${page}/run`, { seats: '2\u0000', mode: 'save' })
    expect(en.status).toBe(422)
    expect(errorAt(en.text, 'seats')).toBe(EN)
    expect(await findSelection(deps.db, made.cohortId)).toEqual(before)
  })

  it('the review phase: a NUL is refused at its field, or above the form for a checkbox, with what was typed and nothing saved', async () => {
    const deps = ctx()
    const made = await makeSelectedCohort(deps.db)
    const client = await manager(made.communityId, `nul-phase-${deps.engine}@example.org`)
    const page = `/admin/c/${made.slug}/programs/${made.programSlug}/cohorts/2025/reviews`
    await client.get(`${page}?lang=zh-CN`)
    const zh = await client.post(`${page}/phase`, { opensAt: '2025-04-01T00:00Z\u0000', closesAt: '2025-04-21T00:00Z', reviewsPerApplication: '3' })
    expect(zh.status).toBe(422)
    expect(errorAt(zh.text, 'opensAt')).toBe(ZH)
    expect(zh.text).toMatch(/name="reviewsPerApplication"[^>]*value="3"/)
    await client.get(`${page}?lang=en`)
    const box = await client.post(`${page}/phase`, { opensAt: '2025-04-01T00:00Z', closesAt: '2025-04-21T00:00Z', reviewsPerApplication: '3', canSeeOtherReviews: 'on\u0000' })
    expect(box.status).toBe(422)
    expect(alertOf(box.text)).toBe(FORM_EN)
    expect(await deps.db.select().from(reviewPhases).where(eq(reviewPhases.cohortId, made.cohortId))).toEqual([])
  })
})
