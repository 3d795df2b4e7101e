import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { describeZone } from '../../../lib/dates.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import type { Application, Evidence } from '../queries.ts'
import { EligibilitySummary } from './eligibility-summary.tsx'
import { ApplicationContents, type AskedAs } from './application-contents.tsx'

/** An instant in a zone, written for readers of `locale`: "15 March 2025 at 12:00 (Asia/Shanghai (UTC+8))". */
export function instantIn(locale: Locale, zone: string, at: Date): string {
  const format = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' })
  return `${format.format(at)} (${describeZone(zone, at)})`
}

/** The receipt and status page of an application, for its applicant. */
export function ReceiptPage(props: AskedAs & {
  locale: Locale
  application: Application
  evidence: Evidence[]
  programName: string
  cohortTitle: string
  cohortZone: string
  applyHref: string
  deadline: string
  open: boolean
  community: { slug: string; name: string }
  /** The name the application was made under (the account's name). */
  displayName: string
}) {
  const { locale } = props
  const a = props.application
  const verdict = a.eligibility as EligibilityVerdict | null
  return (
    <Layout meta={{ title: t(locale, 'receipt.pageTitle', { program: props.programName }), community: props.community, locale: props.locale, languageSwitch: true }}>
      <h1>
        {t(locale, a.status === 'submitted' ? 'receipt.received' : a.status === 'withdrawn' ? 'receipt.withdrawn' : 'receipt.draft')}
      </h1>
      <p class="lede">
        {props.programName} · {props.cohortTitle}
      </p>
      <section class="card" role="status">
        {a.status === 'submitted' && a.submittedAt ? (
          <p>{t(locale, 'receipt.submittedOn', { utc: instantIn(locale, 'UTC', a.submittedAt), local: instantIn(locale, props.cohortZone, a.submittedAt) })}</p>
        ) : null}
        {a.status === 'withdrawn' ? <p>{t(locale, 'receipt.withdrawnNote')}</p> : null}
        {a.status === 'draft' ? <p>{t(locale, 'receipt.draftNote')}</p> : null}
        {a.status !== 'withdrawn' && props.open ? (
          <p>
            {t(locale, 'receipt.changeUntil', { deadline: props.deadline })}
            <a href={props.applyHref}>{t(locale, 'receipt.edit')}</a>
            {t(locale, 'receipt.changeEnd')}
          </p>
        ) : null}
      </section>
      <div class="layout-2">
        <section class="card">
          <ApplicationContents
            locale={locale}
            application={a}
            evidence={props.evidence}
            displayName={props.displayName}
            questions={props.questions}
            requirements={props.requirements}
          />
        </section>
        <aside>
          {verdict ? <EligibilitySummary verdict={verdict} locale={locale} /> : null}
          {a.status !== 'withdrawn' ? (
            <form method="get" action={`/applications/${a.id}/withdraw`}>
              <button type="submit" class="secondary">
                {t(locale, 'apply.withdraw')}
              </button>
            </form>
          ) : null}
        </aside>
      </div>
    </Layout>
  )
}
