import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { describeYearInRow } from '../terms.ts'

/** The page where a current ambassador starts next year's application from last year's. */
export function RenewPage(props: { locale: Locale; csrf: string; community: { slug: string; name: string }; program: { slug: string; name: string }; cohortTitle: string; nextYearInRow: number; action: string; message?: string }) {
  const { locale } = props
  return (
    <Layout meta={{ title: t(locale, 'renew.title', { program: props.program.name }), community: props.community, locale, languageSwitch: true }}>
      <h1>{t(locale, 'renew.title', { program: props.program.name })}</h1>
      {props.message ? (
        <p role="status">{props.message}</p>
      ) : (
        <form method="post" action={props.action} class="form">
          <CsrfField token={props.csrf} />
          <p>{t(locale, 'renew.intro', { program: props.program.name, cohort: props.cohortTitle, years: describeYearInRow(locale, props.nextYearInRow) })}</p>
          <button type="submit">{t(locale, 'renew.button')}</button>
        </form>
      )}
    </Layout>
  )
}
