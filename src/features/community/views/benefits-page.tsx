import { t, type MessageKey } from '../../../ui/i18n.ts'
import { benefitKinds } from '../schema.ts'
import type { benefitsPageData } from '../benefits/queries.ts'
import { CommunityShell, programBase, type ProgramFrame } from './shell.tsx'
import { Csrf, ErrorSummary, Field, invalid, OptionSelect, type FieldErrors } from './fields.tsx'

/** What the benefits page shows. */
export interface BenefitsPageProps {
  frame: ProgramFrame
  data: Awaited<ReturnType<typeof benefitsPageData>>
  isMember: boolean
  errors: FieldErrors
  notice?: string
  /** A credit code being shown this once. */
  code?: string
  /** The claim that was refused: its benefit (where `errors.address` belongs) and the address as typed. */
  claim?: { benefitId: string; address: string }
  /** The fulfilment whose update was refused (where `errors.status` belongs). */
  fulfilmentId?: string
  /** The add-benefit form as posted, when it was refused. */
  values?: Record<string, string>
}

/** The benefits catalogue: claims by ambassadors, fulfilment by the people who ship each benefit, the catalogue for managers. */
export function BenefitsPage(props: BenefitsPageProps) {
  const { frame, data, errors } = props
  const values = props.values ?? {}
  const l = frame.locale
  const base = programBase(frame)
  const status = (s: string) => t(l, `community.benefitStatus.${s}` as MessageKey)
  /** The message of a refused claim of benefit `id` (each benefit has its own address field). */
  const claimError = (id: string) => (props.claim?.benefitId === id ? errors.address : undefined)
  /** The message of a refused update of fulfilment `id` (its status, or the credit code typed with it). */
  const statusError = (id: string) => (props.fulfilmentId === id ? (errors.status ?? errors.code) : undefined)
  return (
    <CommunityShell frame={frame} title={t(l, 'community.benefits.title', { program: frame.program.name })} current={`${base}/benefits`}>
      {props.notice ? <p role="status">{props.notice}</p> : null}
      {props.code ? (
        <p role="status" class="card">
          {t(l, 'community.benefits.codeOnce', { code: props.code })}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={errors} />
      {data.catalogue.length === 0 ? <p>{t(l, 'community.benefits.empty')}</p> : null}
      {data.catalogue.map((b) => (
        <section class="card" aria-labelledby={`benefit-${b.id}`}>
          <h2 id={`benefit-${b.id}`}>
            {b.name} <span class="badge">{t(l, `community.benefitKind.${b.kind}` as MessageKey)}</span>
          </h2>
          {b.mine ? (
            <p>
              {t(l, 'community.benefits.yourStatus', { status: status(b.mine.status) })}
              {b.mine.hasCode && !b.mine.revealed ? (
                <form method="post" action={`${base}/benefits/claims/${b.mine.id}/code`} class="inline-form">
                  <Csrf token={frame.csrf} /> <button type="submit">{t(l, 'community.benefits.reveal')}</button>
                </form>
              ) : null}
              {b.mine.hasCode && b.mine.revealed ? <> {t(l, 'community.benefits.codeGone')}</> : null}
            </p>
          ) : props.isMember ? (
            <form method="post" action={`${base}/benefits/${b.id}/claims`}>
              <Csrf token={frame.csrf} />
              {b.needsAddress ? (
                <div class="field">
                  <label for={`address-${b.id}`}>{t(l, 'community.benefits.address')}</label>
                  <textarea
                    id={`address-${b.id}`}
                    name="address"
                    rows={3}
                    required
                    {...(claimError(b.id) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `address-${b.id}-error` } : {})}
                  >
                    {props.claim?.benefitId === b.id ? props.claim.address : ''}
                  </textarea>
                  {claimError(b.id) ? (
                    <p class="field-error" id={`address-${b.id}-error`}>
                      {t(l, claimError(b.id) as MessageKey)}
                    </p>
                  ) : null}
                </div>
              ) : null}
              <button type="submit">{t(l, 'community.benefits.claim')}</button>
            </form>
          ) : null}
          {b.shipperIds.length && data.shipments.some((s) => s.benefitId === b.id) ? (
            <>
              <h3>{t(l, 'community.benefits.toShip')}</h3>
              <ul>
                {data.shipments
                  .filter((s) => s.benefitId === b.id)
                  .map((s) => (
                    <li>
                      <strong>{s.name}</strong> — {status(s.status)}
                      {s.address ? <pre>{s.address}</pre> : null}
                      <form method="post" action={`${base}/benefits/claims/${s.id}`} class="inline-form">
                        <Csrf token={frame.csrf} />
                        <select
                          name="status"
                          aria-label={t(l, 'community.groups.status')}
                          {...(statusError(s.id) ? { 'aria-invalid': 'true' as const, 'aria-describedby': `status-${s.id}-error` } : {})}
                        >
                          {(['pending', 'sent', 'delivered', 'declined'] as const).map((v) => (
                            <option value={v} selected={v === s.status}>
                              {status(v)}
                            </option>
                          ))}
                        </select>{' '}
                        {b.kind === 'cloud_credits' ? <input name="code" aria-label={t(l, 'community.benefits.code')} autocomplete="off" /> : null}{' '}
                        <button type="submit">{t(l, 'community.benefits.update')}</button>
                        {statusError(s.id) ? (
                          <p class="field-error" id={`status-${s.id}-error`}>
                            {t(l, statusError(s.id) as MessageKey)}
                          </p>
                        ) : null}
                      </form>
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
      {frame.isManager ? (
        <section class="card" aria-labelledby="add-benefit">
          <h2 id="add-benefit">{t(l, 'community.benefits.add')}</h2>
          <form method="post" action={`${base}/benefits`}>
            <Csrf token={frame.csrf} />
            <Field locale={l} name="name" label="community.field.name" errors={errors}>
              <input id="name" name="name" value={values.name ?? ''} required {...invalid(errors, 'name')} />
            </Field>
            <Field locale={l} name="kind" label="community.field.kind" errors={errors}>
              <OptionSelect locale={l} name="kind" values={benefitKinds} prefix="community.benefitKind" selected={values.kind} errors={errors} />
            </Field>
            <div class="field">
              <label>
                <input type="checkbox" name="needsAddress" value="yes" checked={values.needsAddress === 'yes'} /> {t(l, 'community.benefits.needsAddress')}
              </label>
            </div>
            <Field locale={l} name="shippers" label="community.benefits.shippers" errors={errors}>
              <input id="shippers" name="shippers" value={values.shippers ?? ''} {...invalid(errors, 'shippers')} />
            </Field>
            <button type="submit">{t(l, 'community.benefits.add')}</button>
          </form>
        </section>
      ) : null}
    </CommunityShell>
  )
}
