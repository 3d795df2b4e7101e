import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import type { OfferStatus } from '../schema.ts'

/** The page where a selected applicant confirms or declines their place (from the email link, or signed in). */
export function OfferPage(props: {
  locale: Locale
  csrf: string
  offerId: string
  /** The email link's signature, carried into the forms; empty when signed in. */
  token: string
  name: string
  program: string
  cohort: string
  status: OfferStatus
  respondBy: string
  open: boolean
  /** The applicant withdrew their application: the place can only be declined (respond-to-offer refuses a confirmation). */
  withdrawn: boolean
  notice?: string
  /** Why the posted form was refused (it held text that cannot be stored), above the forms. */
  error?: string
}) {
  const { locale } = props
  const action = (answer: 'confirm' | 'decline') => `/offers/${props.offerId}/${answer}`
  return (
    <Layout meta={{ title: t(locale, 'offer.title', { cohort: props.cohort }), locale, languageSwitch: true }}>
      <h1>{t(locale, 'offer.title', { cohort: props.cohort })}</h1>
      {props.notice ? <p role="status" class="card">{props.notice}</p> : null}
      {props.error ? (
        <div class="error-box" role="alert">
          {props.error}
        </div>
      ) : null}
      <p>{t(locale, 'offer.intro', { name: props.name, program: props.program, cohort: props.cohort })}</p>
      {props.status === 'pending' && props.open ? (
        <>
          <p>{t(locale, 'offer.respondBy', { deadline: props.respondBy })}</p>
          {props.withdrawn ? (
            // Said once: as the notice of a refused confirmation, or here.
            props.notice ? null : <p role="status">{t(locale, 'offer.withdrawn')}</p>
          ) : (
            <form method="post" action={action('confirm')} class="form">
              <CsrfField token={props.csrf} />
              <input type="hidden" name="token" value={props.token} />
              <button type="submit">{t(locale, 'offer.confirm')}</button>
            </form>
          )}
          <form method="post" action={action('decline')} class="form">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="token" value={props.token} />
            <p class="hint">{t(locale, 'offer.declineWarning')}</p>
            <button type="submit" class="secondary">
              {t(locale, 'offer.decline')}
            </button>
          </form>
        </>
      ) : (
        <p role="status">{t(locale, props.status === 'pending' ? 'offer.status.expired' : `offer.status.${props.status}`)}</p>
      )}
    </Layout>
  )
}

/** The signed-in applicant's offers that wait for an answer. */
export function OfferListPage(props: { locale: Locale; offers: { id: string; cohortTitle: string; respondBy: string }[] }) {
  const { locale } = props
  return (
    <Layout meta={{ title: t(locale, 'offer.listTitle'), locale, languageSwitch: true }}>
      <h1>{t(locale, 'offer.listTitle')}</h1>
      {props.offers.length ? (
        <ul>
          {props.offers.map((o) => (
            <li>
              <a href={`/offers/${o.id}`}>{o.cohortTitle}</a> — {t(locale, 'offer.answerBy', { deadline: o.respondBy })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t(locale, 'offer.none')}</p>
      )}
    </Layout>
  )
}
