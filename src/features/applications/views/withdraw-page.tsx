import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'

/**
 * Asks the applicant to confirm a withdrawal, which is final for the cohort, before anything changes. An open
 * offer of a seat is named (withdrawing declines it); after confirming the place there is nothing to withdraw,
 * and the page says why instead of asking.
 */
export function WithdrawPage(props: {
  locale: Locale
  csrf: string
  applicationId: string
  programName: string
  cohortTitle: string
  community: { slug: string; name: string }
  offer?: 'open' | 'confirmed' | undefined
}) {
  const { locale } = props
  return (
    <Layout meta={{ title: t(locale, 'withdraw.pageTitle'), community: props.community, locale, languageSwitch: true }}>
      <h1>{t(locale, 'withdraw.pageTitle')}</h1>
      <p class="lede">
        {props.programName} · {props.cohortTitle}
      </p>
      {props.offer === 'confirmed' ? (
        <section class="card">
          <p role="alert">{t(locale, 'withdraw.confirmedPlace')}</p>
          <p>
            <a href={`/applications/${props.applicationId}`}>{t(locale, 'withdraw.back')}</a>
          </p>
        </section>
      ) : (
        <section class="card">
          <p>{t(locale, 'withdraw.final')}</p>
          {props.offer === 'open' ? <p>{t(locale, 'withdraw.declinesOffer')}</p> : null}
          <form method="post" action={`/applications/${props.applicationId}/withdraw`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="confirm" value="yes" />
            <p>
              <button type="submit">{t(locale, 'withdraw.confirm')}</button> <a href={`/applications/${props.applicationId}`}>{t(locale, 'withdraw.keep')}</a>
            </p>
          </form>
        </section>
      )}
    </Layout>
  )
}
