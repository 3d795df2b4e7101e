import { Hono, type Context } from 'hono'
import { eq } from 'drizzle-orm'
import type { z } from 'zod'
import type { AppDeps } from '../../deps.ts'
import type { AppEnv } from '../../ui/env.ts'
import { AppError } from '../../lib/errors.ts'
import { t, type Locale } from '../../ui/i18n.ts'
import { readStringFields, unstorableFields } from '../../ui/read-form.ts'
import { requireRole, requireViewer, sessionMiddleware } from '../accounts/middleware.ts'
import { hasRole } from '../accounts/sessions.ts'
import { SlugTakenError, defineCommunity, defineProgram } from '../programs/define-program.ts'
import { communityDefinition, programDefinition } from '../programs/forms.ts'
import { communities } from '../programs/schema.ts'
import { NewCommunityPage, NewProgramPage, type OnboardingErrors, type OnboardingValues } from './views/onboarding-pages.tsx'

const COMMUNITY_FIELDS = ['name', 'slug', 'tagline', 'descriptionMd', 'websiteUrl'] as const
const PROGRAM_FIELDS = ['name', 'slug', 'summary', 'descriptionMd'] as const

/** The fields of a form among `names`, trimmed (multi-line text keeps its inner lines). */
function pick(form: Record<string, string>, names: readonly string[]): OnboardingValues {
  return Object.fromEntries(names.map((n) => [n, (form[n] ?? '').trim()]))
}

/**
 * The definition schema's complaints as inline messages in the page's language, one per field (the schema's
 * own English messages are for the CLI and the API).
 */
export function onboardingErrors(locale: Locale, error: z.ZodError): OnboardingErrors {
  const errors: OnboardingErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'name')
    if (errors[field]) continue
    if (field === 'slug') errors[field] = t(locale, issue.code === 'custom' ? 'onboarding.error.slugReserved' : 'onboarding.error.slug')
    else if (issue.code === 'too_small') errors[field] = t(locale, 'onboarding.error.required')
    else if (issue.code === 'too_big') errors[field] = t(locale, 'field.tooLong', { max: Number((issue as { maximum?: number | bigint }).maximum ?? 0) })
    else if (field === 'websiteUrl') errors[field] = t(locale, 'field.notLink')
    else errors[field] = t(locale, 'onboarding.error.invalid')
  }
  return errors
}

/** The message at the slug field when the slug is taken. */
const slugTaken = (locale: Locale, err: SlugTakenError) => t(locale, err.what === 'community' ? 'onboarding.error.communitySlugTaken' : 'onboarding.error.programSlugTaken', { slug: err.slug })

/**
 * Starting a community (site admins) and a program in it (admins and the community's program managers). Both
 * write through defineCommunity / defineProgram, as `embassy community define` and the API do; the rest of a
 * program (requirements, cohorts, the form) is edited on its admin page, where a new program lands.
 */
export function adminOnboardingRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.use('/admin/communities/new', sessionMiddleware(deps))
  app.use('/admin/c/:community/programs/new', sessionMiddleware(deps))

  const communityPage = (c: Context<AppEnv>, values: OnboardingValues = {}, errors: OnboardingErrors = {}) =>
    c.html(<NewCommunityPage locale={c.get('locale')} csrf={c.get('csrfToken')} values={values} errors={errors} />, Object.keys(errors).length ? 422 : 200)

  app.get('/admin/communities/new', async (c) => {
    const { redirect } = requireViewer(c)
    if (redirect) return redirect
    requireRole(c, 'admin')
    return communityPage(c)
  })

  app.post('/admin/communities/new', async (c) => {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return redirect
    requireRole(c, 'admin')
    const locale = c.get('locale')
    const values = pick(await readStringFields(c), COMMUNITY_FIELDS)
    const nul = unstorableFields(values, locale)
    if (Object.keys(nul).length) return communityPage(c, values, nul)
    const parsed = communityDefinition.safeParse({ ...values, websiteUrl: values.websiteUrl || undefined })
    if (!parsed.success) return communityPage(c, values, onboardingErrors(locale, parsed.error))
    try {
      await defineCommunity(deps.db, { community: parsed.data, programs: [] }, viewer.personId)
    } catch (err) {
      if (err instanceof SlugTakenError) return communityPage(c, values, { slug: slugTaken(locale, err) })
      throw err
    }
    return c.redirect(`/admin/c/${parsed.data.slug}/programs/new?created=community`, 303)
  })

  /** The community of the path, if the viewer manages it (admins manage every one). */
  async function managedCommunity(c: Context<AppEnv>) {
    const { viewer, redirect } = requireViewer(c)
    if (redirect) return { redirect } as const
    const [community] = await deps.db.select({ id: communities.id, slug: communities.slug, name: communities.name }).from(communities).where(eq(communities.slug, c.req.param('community') ?? ''))
    if (!community) throw new AppError('not_found', 'There is no such community.', {}, { key: 'error.noPage' })
    if (!hasRole(viewer, 'program_manager', community.id)) throw new AppError('forbidden', 'You do not manage this community’s programs.', {}, { key: 'error.noAccess' })
    return { viewer, community, redirect: undefined } as const
  }

  const programPage = (c: Context<AppEnv>, community: { slug: string; name: string }, values: OnboardingValues = {}, errors: OnboardingErrors = {}) =>
    c.html(
      <NewProgramPage locale={c.get('locale')} csrf={c.get('csrfToken')} community={community} values={values} errors={errors} created={c.req.method === 'GET' && c.req.query('created') === 'community'} />,
      Object.keys(errors).length ? 422 : 200,
    )

  app.get('/admin/c/:community/programs/new', async (c) => {
    const found = await managedCommunity(c)
    if (found.redirect) return found.redirect
    return programPage(c, found.community)
  })

  app.post('/admin/c/:community/programs/new', async (c) => {
    const found = await managedCommunity(c)
    if (found.redirect) return found.redirect
    const locale = c.get('locale')
    const values = pick(await readStringFields(c), PROGRAM_FIELDS)
    const nul = unstorableFields(values, locale)
    if (Object.keys(nul).length) return programPage(c, found.community, values, nul)
    const parsed = programDefinition.safeParse(values)
    if (!parsed.success) return programPage(c, found.community, values, onboardingErrors(locale, parsed.error))
    try {
      await defineProgram(deps.db, found.community.id, parsed.data, found.viewer.personId)
    } catch (err) {
      if (err instanceof SlugTakenError) return programPage(c, found.community, values, { slug: slugTaken(locale, err) })
      throw err
    }
    return c.redirect(`/admin/c/${found.community.slug}/programs/${parsed.data.slug}`, 303)
  })

  return app
}
