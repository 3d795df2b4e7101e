import { Hono, type Context } from 'hono'
import type { AppDeps } from '../../../deps.ts'
import { AppError } from '../../../lib/errors.ts'
import { t } from '../../../ui/i18n.ts'
import type { AppEnv } from '../../../ui/env.ts'
import { fieldsNamed, readStringFields, refuseUnstorableText, unstorableFields } from '../../../ui/read-form.ts'
import { loadProgramPage } from '../context.ts'
import { benefitKinds } from '../schema.ts'
import { BenefitsPage } from '../views/benefits-page.tsx'
import { addBenefit, claimBenefit, revealCode, updateFulfilment } from './fulfil-benefit.ts'
import { benefitsPageData, shippersOfHandles } from './queries.ts'

type Loaded = Exclude<Awaited<ReturnType<typeof loadProgramPage>>, { redirect: Response }>

/** Benefits of a program: claim, reveal a code once, fulfil (shippers), catalogue (managers). */
export function benefitRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const path = '/c/:community/programs/:program/benefits'
  const back = (c: Context) => c.req.path.replace(/\/benefits\/.*$/, '/benefits')

  type State = { errors?: Record<string, string>; notice?: string; code?: string; claim?: { benefitId: string; address: string }; fulfilmentId?: string; values?: Record<string, string> }
  async function render(c: Context<AppEnv>, loaded: Loaded, state: State = {}, status: 200 | 422 = 200) {
    const data = await benefitsPageData(deps.db, deps.secretKey, loaded.program.id, loaded.viewer.personId)
    return c.html(<BenefitsPage frame={loaded.frame} data={data} isMember={loaded.standing.isMember} errors={state.errors ?? {}} notice={state.notice} code={state.code} claim={state.claim} fulfilmentId={state.fulfilmentId} values={state.values ?? {}} />, status)
  }
  /** Runs a use-case; a validation refusal re-renders the page with its messages (422), `kept` the form it came from. */
  async function attempt(c: Context<AppEnv>, loaded: Loaded, action: () => Promise<unknown>, kept: Pick<State, 'claim' | 'fulfilmentId' | 'values'> = {}) {
    try {
      await action()
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation') return render(c, loaded, { errors: err.fields, ...kept }, 422)
      throw err
    }
    return c.redirect(`${back(c)}?saved=1`, 303)
  }

  app.get(path, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    return render(c, loaded, { notice: c.req.query('saved') ? t(loaded.frame.locale, 'community.benefits.claimed') : undefined })
  })

  app.post(path, async (c) => {
    const loaded = await loadProgramPage(deps, c, { managersOnly: true })
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    const nul = unstorableFields(fieldsNamed(form, ['name', 'kind', 'shippers']), 'key')
    if (Object.keys(nul).length) return render(c, loaded, { errors: nul, values: form }, 422)
    // A kind that is none of the catalogue's, or a shipper handle that names no ambassador or manager of the
    // program, is told next to its field with the values kept (they used to become "other" and the manager).
    const kind = benefitKinds.find((k) => k === form.kind)
    const shippers = await shippersOfHandles(deps.db, loaded.program, (form.shippers ?? '').toLowerCase().split(/[,\s]+/))
    const errors: Record<string, string> = {}
    if (!kind) errors.kind = 'community.field.chooseKind'
    if (shippers.unknown.length) errors.shippers = 'community.field.unknownShippers'
    if (Object.keys(errors).length) return render(c, loaded, { errors, values: form }, 422)
    return attempt(c, loaded, () => addBenefit(deps.db, { programId: loaded.program.id, standing: loaded.standing, name: form.name ?? '', kind: kind!, needsAddress: form.needsAddress === 'yes', shipperIds: shippers.ids.length ? shippers.ids : [loaded.viewer.personId] }), { values: form })
  })

  app.post(`${path}/:id/claims`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    const benefitId = c.req.param('id')
    return attempt(
      c,
      loaded,
      () => {
        refuseUnstorableText({ address: form.address }, 'key')
        return claimBenefit(deps.db, deps.secretKey, { programId: loaded.program.id, standing: loaded.standing, benefitId, address: form.address })
      },
      { claim: { benefitId, address: form.address ?? '' } },
    )
  })

  app.post(`${path}/claims/:id`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const form = await readStringFields(c)
    // A status that is none of the four is refused by updateFulfilment (it used to become "pending" here).
    const fulfilmentId = c.req.param('id')
    return attempt(
      c,
      loaded,
      () => {
        refuseUnstorableText({ code: form.code }, 'key')
        return updateFulfilment(deps.db, deps.secretKey, { programId: loaded.program.id, standing: loaded.standing, fulfilmentId, status: form.status ?? '', code: form.code })
      },
      { fulfilmentId },
    )
  })

  // The code is answered in the POST's own page (never in a URL or a redirect), so it is shown once.
  app.post(`${path}/claims/:id/code`, async (c) => {
    const loaded = await loadProgramPage(deps, c)
    if (loaded.redirect) return loaded.redirect
    const code = await revealCode(deps.db, deps.secretKey, { personId: loaded.viewer.personId, fulfilmentId: c.req.param('id'), now: deps.clock() })
    return render(c, loaded, { code, notice: code ? undefined : t(loaded.frame.locale, 'community.benefits.codeGone') })
  })

  return app
}
