import { raw } from 'hono/html'
import { Layout, initials } from '../../../ui/layout.tsx'
import { describeZoneIn, formatDayIn, t, type Locale } from '../../../ui/i18n.ts'
import { renderMarkdown } from '../../../lib/markdown.ts'
import { describeCalendar, explainRequirementRule, type PhaseView } from '../calendar.ts'
import type { ApplicationQuestion, Cohort, CohortPhase, Community, Program, PublicMember, Requirement, SelectionCriterion } from '../queries.ts'
import { ContactList, FollowLinks, SocialLinks } from './community-links.tsx'

/** Everything the program page shows; `now` places the calendar. */
export interface ProgramPageProps {
  community: Community
  program: Program
  requirements: Requirement[]
  questions: ApplicationQuestion[]
  criteria: SelectionCriterion[]
  cohorts: Cohort[]
  cohort: Cohort | undefined
  phases: CohortPhase[]
  members: PublicMember[]
  /** All ambassadors of the cohort; `members` lists the first of them. */
  ambassadorTotal: number
  now: Date
  baseUrl: string
  /** The language of the page's own text (what the community wrote stays as written). */
  locale: Locale
}

const stateLabel = { past: 'program.phase.past', current: 'program.phase.current', upcoming: 'program.phase.upcoming' } as const

function phaseWhen(locale: Locale, p: PhaseView): string {
  return p.startDay === p.endDay ? formatDayIn(locale, p.startDay) : `${formatDayIn(locale, p.startDay)} – ${formatDayIn(locale, p.endDay)}`
}

function Calendar(props: { cohort: Cohort; phases: CohortPhase[]; now: Date; locale: Locale }) {
  const { locale } = props
  const views = describeCalendar(props.phases, props.cohort.timeZone, props.now)
  const current = views.filter((v) => v.state === 'current')
  const next = views.find((v) => v.state === 'upcoming')
  return (
    <section class="card" aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">{t(locale, 'program.calendarOf', { cohort: props.cohort.title })}</h2>
      <p class="muted">
        {current.length
          ? t(locale, 'program.now', { phases: current.map((v) => v.label).join(', ') })
          : next
            ? t(locale, 'program.next', { phase: next.label, day: formatDayIn(locale, next.startDay) })
            : t(locale, 'program.allDone')}{' '}
        {t(locale, 'program.zone', { zone: describeZoneIn(locale, props.cohort.timeZone, props.now) })}
      </p>
      <ol class="calendar">
        {views.map((v) => (
          <li class={v.state} data-phase={v.kind} aria-current={v.state === 'current' ? 'step' : undefined}>
            <span class="when">
              <time datetime={v.startDay}>{phaseWhen(locale, v)}</time>
            </span>
            {v.label} <span class={`badge ${v.state}`}>{t(locale, stateLabel[v.state])}</span>
          </li>
        ))}
      </ol>
    </section>
  )
}

function Requirements(props: { requirements: Requirement[]; atLeast: number | null; note: string; locale: Locale }) {
  const { locale } = props
  const mandatory = props.requirements.filter((r) => r.mandatory)
  const optional = props.requirements.filter((r) => !r.mandatory)
  return (
    <section class="card" aria-labelledby="requirements-heading">
      <h2 id="requirements-heading">{t(locale, 'program.requirements')}</h2>
      <p>
        <strong>{explainRequirementRule(mandatory.length, optional.length, props.atLeast, locale)}</strong>
      </p>
      {mandatory.length ? (
        <>
          <h3>{t(locale, 'program.mandatory')}</h3>
          <ul class="requirements">
            {mandatory.map((r) => (
              <li>
                {r.title} <span class="badge mandatory">{t(locale, 'program.required')}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {optional.length ? (
        <>
          <h3>{props.atLeast !== null && props.atLeast < optional.length ? t(locale, 'program.atLeastOf', { count: props.atLeast }) : t(locale, 'program.alsoRequired')}</h3>
          <ul class="requirements">
            {optional.map((r) => (
              <li>{r.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      {props.note ? <div class="prose muted">{raw(renderMarkdown(props.note))}</div> : null}
    </section>
  )
}

function MemberList(props: { members: PublicMember[]; total: number; label: string; id: string; more?: string; locale: Locale }) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>
        {props.label} <span class="muted">({props.total})</span>
      </h2>
      <ul class="members">
        {props.members.map((m) => (
          <li>
            <span class="avatar" aria-hidden="true">
              {initials(m.displayName)}
            </span>
            <a class="name" href={`/people/${m.handle}`}>
              {m.displayName}
            </a>
            {m.githubLogin ? <div class="muted">@{m.githubLogin}</div> : null}
          </li>
        ))}
      </ul>
      {props.more && props.total > props.members.length ? (
        <p>
          <a href={props.more}>{t(props.locale, 'program.seeAll', { count: props.total })}</a>
        </p>
      ) : null}
    </section>
  )
}

/** The public page of a program: what it is, benefits, requirements and the rule, calendar, members, links. */
export function ProgramPage(p: ProgramPageProps) {
  const organizers = p.members.filter((m) => m.role === 'organizer')
  const ambassadors = p.members.filter((m) => m.role === 'ambassador')
  const seats = p.cohort?.seats ?? p.program.targetSeats
  const locale = p.locale
  const applicationsOpen = p.cohort ? describeCalendar(p.phases, p.cohort.timeZone, p.now).some((v) => v.kind === 'applications' && v.state === 'current') : false
  return (
    <Layout
      meta={{
        title: `${p.program.name} · ${p.community.name}`,
        description: p.program.summary,
        community: { slug: p.community.slug, name: p.community.name },
        canonical: `${p.baseUrl}/c/${p.community.slug}/programs/${p.program.slug}`,
        image: `${p.baseUrl}/c/${p.community.slug}/programs/${p.program.slug}/og.png`,
        locale,
        languageSwitch: true,
      }}
    >
      <p class="muted">
        <a href={`/c/${p.community.slug}`}>{p.community.name}</a>
        {p.program.status === 'proposed' ? ` · ${t(locale, 'program.proposed')}` : ''}
      </p>
      <h1>{p.program.name}</h1>
      <p class="lede">{p.program.summary}</p>
      {seats ? (
        <p>
          <span class="badge">{t(locale, 'program.seats', { seats })}</span> <span class="badge">{t(locale, 'program.term', { months: p.program.termMonths })}</span>
        </p>
      ) : null}
      {applicationsOpen ? (
        <p>
          <a class="button" href={`/c/${p.community.slug}/programs/${p.program.slug}/apply`}>
            {t(locale, 'program.apply')}
          </a>
        </p>
      ) : null}
      {p.cohorts.length > 1 ? (
        <nav aria-label={t(locale, 'program.cohorts')} class="links">
          {p.cohorts.map((c) => (
            <a href={`/c/${p.community.slug}/programs/${p.program.slug}?cohort=${c.slug}`} aria-current={c.id === p.cohort?.id ? 'page' : undefined}>
              {c.title}
            </a>
          ))}
        </nav>
      ) : null}
      <div class="layout-2">
        <div>
          <section class="card prose" aria-labelledby="about-heading">
            <h2 id="about-heading">{t(locale, 'program.about')}</h2>
            {raw(renderMarkdown(p.program.descriptionMd))}
            {p.program.roleMd ? (
              <>
                <h3>{t(locale, 'program.role')}</h3>
                {raw(renderMarkdown(p.program.roleMd))}
              </>
            ) : null}
          </section>
          {p.program.benefits.length ? (
            <section class="card" aria-labelledby="benefits-heading">
              <h2 id="benefits-heading">{t(locale, 'program.benefits')}</h2>
              <ul>
                {p.program.benefits.map((b) => (
                  <li>{b}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {p.requirements.length ? (
            <Requirements requirements={p.requirements} atLeast={p.program.requirementsAtLeast} note={p.program.requirementsNoteMd} locale={locale} />
          ) : null}
          {p.questions.length ? (
            <section class="card" aria-labelledby="questions-heading">
              <h2 id="questions-heading">{t(locale, 'program.questions')}</h2>
              <ol>
                {p.questions.map((q) => (
                  <li>{q.prompt}</li>
                ))}
              </ol>
            </section>
          ) : null}
          {p.criteria.length ? (
            <section class="card" aria-labelledby="criteria-heading">
              <h2 id="criteria-heading">{t(locale, 'program.criteria')}</h2>
              <ul>
                {p.criteria.map((c) => (
                  <li>{c.name}</li>
                ))}
              </ul>
            </section>
          ) : null}
          {ambassadors.length ? (
            <MemberList
              members={ambassadors}
              total={p.ambassadorTotal}
              label={t(locale, 'program.ambassadors', { cohort: p.cohort?.title ?? '' })}
              id="ambassadors-heading"
              more={`/c/${p.community.slug}/ambassadors?cohort=${p.cohort?.slug ?? ''}`}
              locale={locale}
            />
          ) : null}
        </div>
        <div>
          {p.cohort ? (
            <Calendar cohort={p.cohort} phases={p.phases} now={p.now} locale={locale} />
          ) : (
            <section class="card">
              <h2>{t(locale, 'program.calendar')}</h2>
              <p>{t(locale, 'program.noCohortYet')}</p>
            </section>
          )}
          {organizers.length ? <MemberList members={organizers} total={organizers.length} label={t(locale, 'program.members')} id="members-heading" locale={locale} /> : null}
          <FollowLinks programHref={`/c/${p.community.slug}/programs/${p.program.slug}`} locale={locale} />
          <SocialLinks community={p.community} locale={locale} />
          <ContactList community={p.community} locale={locale} formHref={`/c/${p.community.slug}/programs/${p.program.slug}/contact`} />
        </div>
      </div>
    </Layout>
  )
}
