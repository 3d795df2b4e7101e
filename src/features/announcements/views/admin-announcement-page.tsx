import type { JSX } from 'hono/jsx/jsx-runtime'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { describeZone } from '../../../lib/dates.ts'

/** Where the announcement stands, for the managers' page. */
export interface AnnouncementState {
  scheduledFor: Date
  respondBy: Date
  publishedAt: Date | null
  title: string
  offers: { pending: number; confirmed: number; declined: number; expired: number }
  /** Public page, once published. */
  publicPath: string
}

/** The managers' announcement page: schedule it (once), then follow the answers to the offers. */
export function AdminAnnouncementPage(props: {
  csrf: string
  community: { slug: string; name: string }
  program: { slug: string; name: string }
  cohort: { slug: string; title: string; timeZone: string }
  state?: AnnouncementState
  values: Record<string, string>
  errors: Record<string, string>
  notice?: string
}) {
  const base = `/admin/c/${props.community.slug}/programs/${props.program.slug}`
  const zone = describeZone(props.cohort.timeZone, new Date())
  const when = (d: Date) => `${new Intl.DateTimeFormat('en-GB', { timeZone: props.cohort.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(d)} (${zone})`
  const field = (name: string, label: string, input: JSX.Element, hint?: string) => (
    <div class="field">
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
      {input}
      {props.errors[name] ? <p class="field-error" id={`${name}-error`}>{props.errors[name]}</p> : null}
    </div>
  )
  const invalid = (name: string) => (props.errors[name] ? 'true' : undefined)
  return (
    <Layout meta={{ title: `Announcement · ${props.cohort.title}`, community: props.community }}>
      <p class="muted">
        <a href={base}>{props.program.name}</a>
      </p>
      <h1>Announcement · {props.cohort.title}</h1>
      {props.notice ? <p role="status" class="card">{props.notice}</p> : null}
      {props.errors._ ? <p role="alert" class="error-box">{props.errors._}</p> : null}
      {props.state ? (
        <section class="card" aria-labelledby="state-heading">
          <h2 id="state-heading">{props.state.publishedAt ? 'Announced' : 'Scheduled'}</h2>
          <p>
            {props.state.publishedAt ? `Decisions were sent and the page published on ${when(props.state.publishedAt)}.` : `Decisions go out and the page is published on ${when(props.state.scheduledFor)}.`} Selected applicants answer
            by {when(props.state.respondBy)}.
          </p>
          <p>
            Offers: {props.state.offers.confirmed} confirmed, {props.state.offers.pending} waiting for an answer, {props.state.offers.declined} declined, {props.state.offers.expired} expired.
          </p>
          {props.state.publishedAt ? (
            <p>
              <a href={props.state.publicPath}>{props.state.title}</a>
            </p>
          ) : null}
        </section>
      ) : (
        <form method="post" action={`${base}/cohorts/${props.cohort.slug}/announcement`} class="form" novalidate>
          <CsrfField token={props.csrf} />
          <p>Scheduling locks the selection's decisions: no more runs or overrides. A cohort is announced once.</p>
          {field('at', `Announce at (${zone})`, <input type="datetime-local" id="at" name="at" value={props.values.at ?? ''} aria-invalid={invalid('at')} aria-describedby="at-hint" />, 'Leave empty for the announcement date of the cohort’s calendar (or now when it has none or it has passed). A moment in the past is refused.')}
          {field('respondBy', `Selected applicants answer by (${zone})`, <input type="datetime-local" id="respondBy" name="respondBy" value={props.values.respondBy ?? ''} aria-invalid={invalid('respondBy')} aria-describedby="respondBy-hint" />, 'Leave empty for two weeks after the announcement.')}
          {field('title', 'Title of the announcement', <input type="text" id="title" name="title" value={props.values.title ?? ''} aria-invalid={invalid('title')} />)}
          {field('introMd', 'Introduction (Markdown)', <textarea id="introMd" name="introMd" aria-invalid={invalid('introMd')}>{props.values.introMd ?? ''}</textarea>)}
          <button type="submit">Schedule the announcement</button>
        </form>
      )}
    </Layout>
  )
}
