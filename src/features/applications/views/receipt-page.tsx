import { CsrfField, Layout } from '../../../ui/layout.tsx'
import type { Locale } from '../../../ui/i18n.ts'
import { describeZone } from '../../../lib/dates.ts'
import type { EligibilityVerdict } from '../../eligibility/types.ts'
import { evidenceTypes } from '../forms.ts'
import type { Application, Evidence } from '../queries.ts'
import { EligibilitySummary } from './eligibility-summary.tsx'

function instantIn(zone: string, at: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'long', timeStyle: 'short' }).format(at)} (${describeZone(zone, at)})`
}

/** The receipt and status page of an application, for its applicant. */
export function ReceiptPage(props: {
  locale: Locale
  csrf: string
  application: Application
  evidence: Evidence[]
  programName: string
  cohortTitle: string
  cohortZone: string
  applyHref: string
  deadline: string
  open: boolean
  community: { slug: string; name: string }
}) {
  const a = props.application
  const verdict = a.eligibility as EligibilityVerdict | null
  return (
    <Layout meta={{ title: `Your application · ${props.programName}`, community: props.community, locale: props.locale, languageSwitch: true }}>
      <h1>
        {a.status === 'submitted' ? 'Application received' : a.status === 'withdrawn' ? 'Application withdrawn' : 'Draft application'}
      </h1>
      <p class="lede">
        {props.programName} · {props.cohortTitle}
      </p>
      <section class="card" role="status">
        {a.status === 'submitted' && a.submittedAt ? (
          <p>
            Submitted on {instantIn('UTC', a.submittedAt)}, which is {instantIn(props.cohortZone, a.submittedAt)} in the program's calendar. This is a
            receipt, not a decision.
          </p>
        ) : null}
        {a.status === 'withdrawn' ? <p>You withdrew this application. It stays on record but will not be reviewed.</p> : null}
        {a.status === 'draft' ? <p>This application is a draft: it will not be reviewed until you submit it.</p> : null}
        {a.status !== 'withdrawn' && props.open ? (
          <p>
            You can change it until {props.deadline}: <a href={props.applyHref}>edit your application</a>.
          </p>
        ) : null}
      </section>
      <div class="layout-2">
        <section class="card">
          <h2>Your answers</h2>
          <dl>
            {Object.entries(a.answers).map(([key, answer]) => (
              <>
                <dt>{key}</dt>
                <dd class="prose">{answer}</dd>
              </>
            ))}
          </dl>
          <h2>Evidence</h2>
          {props.evidence.length ? (
            <ul>
              {props.evidence.map((e) => (
                <li>
                  {evidenceTypes[e.type]}: {e.url ? <a href={e.url} rel="noopener nofollow">{e.title}</a> : e.title}
                  {e.occurredOn ? ` (${e.occurredOn})` : ''}
                  {e.count > 1 ? ` ×${e.count}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p>No evidence entered.</p>
          )}
        </section>
        <aside>
          {verdict ? <EligibilitySummary verdict={verdict} /> : null}
          {a.status !== 'withdrawn' ? (
            <form method="post" action={`/applications/${a.id}/withdraw`}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="secondary">
                Withdraw my application
              </button>
            </form>
          ) : null}
        </aside>
      </div>
    </Layout>
  )
}
