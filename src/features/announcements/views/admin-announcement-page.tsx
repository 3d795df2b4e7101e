import type { JSX } from 'hono/jsx/jsx-runtime'
import { CsrfField, Layout } from '../../../ui/layout.tsx'
import { describeZoneIn, t, type Locale } from '../../../ui/i18n.ts'

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
  locale: Locale
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
  const l = props.locale
  const zone = describeZoneIn(l, props.cohort.timeZone, new Date())
  const when = (d: Date) => `${new Intl.DateTimeFormat(l === 'zh-CN' ? 'zh-CN' : 'en-GB', { timeZone: props.cohort.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(d)} (${zone})`
  const field = (name: string, label: string, input: JSX.Element, hint?: string) => (
    <div class="field">
      <label for={name}>{label}</label>
      {hint ? <p class="hint" id={`${name}-hint`}>{hint}</p> : null}
      {input}
      {props.errors[name] ? <p class="field-error" id={`${name}-error`}>{props.errors[name]}</p> : null}
    </div>
  )
  const invalid = (name: string) => (props.errors[name] ? 'true' : undefined)
  const title = t(l, 'adminProgram.announce.title', { cohort: props.cohort.title })
  return (
    <Layout meta={{ title, community: props.community, locale: l, languageSwitch: true }}>
      <p class="muted">
        <a href={base}>{props.program.name}</a>
      </p>
      <h1>{title}</h1>
      {props.notice ? <p role="status" class="card">{props.notice}</p> : null}
      {props.errors._ ? <p role="alert" class="error-box">{props.errors._}</p> : null}
      {props.state ? (
        <section class="card" aria-labelledby="state-heading">
          <h2 id="state-heading">{t(l, props.state.publishedAt ? 'adminProgram.announce.announced' : 'adminProgram.announce.scheduled')}</h2>
          <p>
            {props.state.publishedAt ? t(l, 'adminProgram.announce.sentOn', { when: when(props.state.publishedAt) }) : t(l, 'adminProgram.announce.goesOutOn', { when: when(props.state.scheduledFor) })}{' '}
            {t(l, 'adminProgram.announce.answerBy', { when: when(props.state.respondBy) })}
          </p>
          <p>{t(l, 'adminProgram.announce.offers', props.state.offers)}</p>
          {props.state.publishedAt ? (
            <p>
              <a href={props.state.publicPath}>{props.state.title}</a>
            </p>
          ) : null}
        </section>
      ) : (
        <form method="post" action={`${base}/cohorts/${props.cohort.slug}/announcement`} class="form" novalidate>
          <CsrfField token={props.csrf} />
          <p>{t(l, 'adminProgram.announce.locks')}</p>
          {field('at', t(l, 'adminProgram.announce.at', { zone }), <input type="datetime-local" id="at" name="at" value={props.values.at ?? ''} aria-invalid={invalid('at')} aria-describedby="at-hint" />, t(l, 'adminProgram.announce.atHint'))}
          {field('respondBy', t(l, 'adminProgram.announce.respondBy', { zone }), <input type="datetime-local" id="respondBy" name="respondBy" value={props.values.respondBy ?? ''} aria-invalid={invalid('respondBy')} aria-describedby="respondBy-hint" />, t(l, 'adminProgram.announce.respondByHint'))}
          {field('title', t(l, 'adminProgram.announce.titleField'), <input type="text" id="title" name="title" value={props.values.title ?? ''} aria-invalid={invalid('title')} />)}
          {field('introMd', t(l, 'adminProgram.announce.intro'), <textarea id="introMd" name="introMd" aria-invalid={invalid('introMd')}>{props.values.introMd ?? ''}</textarea>)}
          <button type="submit">{t(l, 'adminProgram.announce.schedule')}</button>
        </form>
      )}
    </Layout>
  )
}
