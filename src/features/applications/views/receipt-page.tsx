import { Layout } from '../../../ui/layout.tsx'
import { t, type Locale } from '../../../ui/i18n.ts'
import { describeZone } from '../../../lib/dates.ts'
import { countryName } from '../../../lib/countries.ts'
import { formatDayIn } from '../../../ui/i18n.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import { evidenceTypeLabel } from '../forms.ts'
import type { Application, Evidence } from '../queries.ts'
import { EligibilitySummary } from './eligibility-summary.tsx'

/** An instant in a zone, written for readers of `locale`: "15 March 2025 at 12:00 (Asia/Shanghai (UTC+8))". */
function instantIn(locale: Locale, zone: string, at: Date): string {
  const format = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' })
  return `${format.format(at)} (${describeZone(zone, at)})`
}

/** The receipt and status page of an application, for its applicant. */
export function ReceiptPage(props: {
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
  /** The program's questions and requirements, to name answers and statements as the form asked them. */
  questions: { key: string; prompt: string }[]
  requirements: { key: string; title: string }[]
}) {
  const { locale } = props
  const a = props.application
  const verdict = a.eligibility as EligibilityVerdict | null
  const links = (
    [
      ['apply.github', a.links.github],
      ['apply.blog', a.links.blog],
      ['apply.social', a.links.social],
    ] as const
  ).filter((l): l is readonly ['apply.github' | 'apply.blog' | 'apply.social', string] => Boolean(l[1]))
  // Answers in the form's order under the form's wording; an answer to a question since removed keeps its key.
  const asked = new Map(props.questions.map((q) => [q.key, q.prompt]))
  const answers: [string, string][] = [
    ...props.questions.filter((q) => a.answers[q.key]).map((q): [string, string] => [q.prompt, a.answers[q.key]!]),
    ...Object.entries(a.answers).filter(([key, answer]) => !asked.has(key) && answer),
  ]
  const titles = new Map(props.requirements.map((r) => [r.key, r.title]))
  const stated = [
    ...(a.attestedMinimumAge !== null ? [t(locale, 'apply.attestAge', { age: String(a.attestedMinimumAge) })] : []),
    ...a.affirmed.map((key) => t(locale, 'apply.affirm', { title: titles.get(key) ?? key })),
  ]
  const freeForm = Object.entries(a.freeForm)
    .filter(([, text]) => text)
    .map(([key, text]): [string, string] => [titles.get(key) ?? key, text])
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
          <h2>{t(locale, 'receipt.details')}</h2>
          <dl>
            <dt>{t(locale, 'receipt.name')}</dt>
            <dd>{props.displayName}</dd>
            {a.country ? (
              <>
                <dt>{t(locale, 'apply.country')}</dt>
                <dd>{countryName(a.country, locale)}</dd>
              </>
            ) : null}
            {a.region ? (
              <>
                <dt>{t(locale, 'apply.region')}</dt>
                <dd>{a.region}</dd>
              </>
            ) : null}
            {links.map(([label, url]) => (
              <>
                <dt>{t(locale, label)}</dt>
                <dd>
                  <a href={url} rel="noopener nofollow">
                    {url}
                  </a>
                </dd>
              </>
            ))}
          </dl>
          <h2>{t(locale, 'receipt.answers')}</h2>
          {answers.length ? (
            <dl>
              {answers.map(([prompt, answer]) => (
                <>
                  <dt>{prompt}</dt>
                  <dd class="prose">{answer}</dd>
                </>
              ))}
            </dl>
          ) : (
            <p>{t(locale, 'receipt.noAnswers')}</p>
          )}
          {stated.length || freeForm.length || a.exceptionReason ? (
            <>
              <h2>{t(locale, 'apply.statedRequirements')}</h2>
              {stated.length ? (
                <ul>
                  {stated.map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
              ) : null}
              <dl>
                {freeForm.map(([title, text]) => (
                  <>
                    <dt>{title}</dt>
                    <dd class="prose">{text}</dd>
                  </>
                ))}
                {a.exceptionReason ? (
                  <>
                    <dt>{t(locale, 'receipt.exceptionReason')}</dt>
                    <dd class="prose">{a.exceptionReason}</dd>
                  </>
                ) : null}
              </dl>
            </>
          ) : null}
          <h2>{t(locale, 'receipt.evidence')}</h2>
          {props.evidence.length ? (
            <ul>
              {props.evidence.map((e) => (
                <li>
                  {evidenceTypeLabel(locale, e.type)}: {e.url ? <a href={e.url} rel="noopener nofollow">{e.title}</a> : e.title}
                  {e.occurredOn ? ` (${formatDayIn(locale, e.occurredOn)})` : ''}
                  {e.count > 1 ? ` ×${e.count}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t(locale, 'receipt.noEvidence')}</p>
          )}
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
